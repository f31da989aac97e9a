/** Front door of adapters/sources/mediawiki: import it as `@okapi/adapters/sources/mediawiki`. */
export * from './mediawiki-api.client';
