/** Front door of adapters/metrics: import it as `@okapi/adapters/metrics`. */
export * from './metrics-registry';
