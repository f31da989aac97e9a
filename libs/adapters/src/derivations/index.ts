/** Front door of adapters/derivations: import it as `@okapi/adapters/derivations`. */
export * from './article-derivations';
export * from './derivation.store';
export * from './derivation-dead-letters';
