/** Front door of adapters/sources/snapshot: import it as `@okapi/adapters/sources/snapshot`. */
export * from './snapshot-importer';
