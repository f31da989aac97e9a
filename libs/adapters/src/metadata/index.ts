/** Front door of adapters/metadata: import it as `@okapi/adapters/metadata`. */
export * from './metadata-catalogue';
