/** Front door of adapters/dead-letters: import it as `@okapi/adapters/dead-letters`. */
export * from './sqlite-dead-letter.store';
export * from './dead-letter.store';
