/** Front door of adapters/streams: import it as `@okapi/adapters/streams`. */
export * from './when-drained';
