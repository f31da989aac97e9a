import { DeriveContext, DerivedLookup, DeriveInput } from '@okapi/domain';

/** The answers of `resolve`: the derived parts (undefined when failed), and why one failed. */
export interface ResolvedDerivations extends DerivedLookup {
  /** The reason the input's derivation failed (its parts are then absent), else undefined. */
  failureOf(wikitext: string, ctx: DeriveContext): string | undefined;
  /** How many of the inputs failed. */
  readonly failed: number;
}

/**
 * The derived Article parts (HTML, abstract, categories...) every product assembles with: resolves
 * the inputs the Article assembler will look up (`articleDerivationInputs`) into a lookup it reads
 * synchronously. The port of the views, the publisher and the API; the adapter is ArticleDerivations
 * (libs/adapters/src/derivations: memory, then a store, then worker threads under a deadline).
 */
export interface DerivationResolver {
  resolve(inputs: readonly DeriveInput[]): Promise<ResolvedDerivations>;
}
