/** Nest DI tokens for the ports. Services inject only the ports they use. */
export const CONFIG = Symbol('OKAPI_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const ANALYTICS = Symbol('ANALYTICS');
export const ARTICLE_BUS = Symbol('ARTICLE_BUS');
export const BLOB_DIR = Symbol('BLOB_DIR');
