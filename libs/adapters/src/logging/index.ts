/** Front door of adapters/logging: import it as `@okapi/adapters/logging`. */
export * from './json-logger';
export * from './stack-text';
