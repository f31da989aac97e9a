/** Front door of adapters/errors: import it as `@okapi/adapters/errors`. */
export * from './okapi-error';
export * from './to-error';
export * from './promised';
