/** Front door of adapters/storage: import it as `@okapi/adapters/storage`. */
export * from './bulk-paths';
export * from './bulk-file-store';
