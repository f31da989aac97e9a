/** Front door of adapters/resilience: import it as `@okapi/adapters/resilience`. */
export * from './backoff';
export * from './retrying';
