/** Front door of adapters/bulk: import it as `@okapi/adapters/bulk`. */
export * from './bulk-exporter';
export * from './gzip-pool';
export * from './bulk-metadata';
export * from './bulk-scheduler';
export * from './bulk-jobs';
export * from './cli-read-model';
export * from './open-bulk';
export * from './as-of-snapshot';
