/** Front door of adapters/config: import it as `@okapi/adapters/config`. */
export * from './env-config';
