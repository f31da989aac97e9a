/** Nest DI tokens for the ports. Services inject only the ports they use. */
export const CONFIG = Symbol('OKAPI_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const ANALYTICS = Symbol('ANALYTICS');
/** `ReadModel` (libs/projections) over the ClickHouse views: on-demand lookups, snapshots, batches. */
export const READ_MODEL = Symbol('READ_MODEL');
export const ARTICLE_BUS = Symbol('ARTICLE_BUS');
export const BLOB_DIR = Symbol('BLOB_DIR');
/** `ArticleDerivations`: the derived Article parts every product assembles with. */
export const ARTICLE_DERIVATIONS = Symbol('ARTICLE_DERIVATIONS');
/** `DeadLetterStore`: events the views, publisher or bulk jobs set aside. */
export const DEAD_LETTERS = Symbol('DEAD_LETTERS');
