/** Front door of adapters/sources/generator: import it as `@okapi/adapters/sources/generator`. */
export * from './generator.source';
export * from './synthetic-wiki-generator';
export * from './wikitext-corpus';
export { Prng } from './prng';
