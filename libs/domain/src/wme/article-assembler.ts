/**
 * The one way every product (firehose publisher and its catch-up replay, the views behind
 * on-demand, snapshots and hourly batches, time travel, as-of snapshots) turns a page's state at
 * an event into WME Articles. The only input a product chooses is where the derived parts come
 * from (a store of derivations, worker threads, in-thread): the mapping options are fixed here,
 * so a revision's Article is the same in every product, field for field, except `event.*`.
 *
 * Deriving (html, abstract, categories, templates from wikitext) is the costly part and is not
 * pure of cost, so it happens before: `articleDerivationInputs` names what the assembler will ask
 * for, the product resolves those (ArticleDerivations in the adapters: memory, then a store keyed
 * by content hash, then worker threads), and `assembleArticles` reads the answers synchronously.
 */
import { RecordedEvent } from '../events/recorded-event';
import { PageState } from '../page/page.state';
import { Article } from './article-types';
import { DerivedContent, DeriveContext, DeriveInput, derivationInput, toArticles } from './article.mapper';

/**
 * Names the bytes of the Article documents the views store (the mapper's output, its options fixed
 * here, and the JSON text the projector stores). A stored document carries the format it was built
 * with; `okapi project --rebuild` does not build again one of the current format (its bytes are a
 * function of the immutable events and of this code). Bump it with any change of those bytes: the
 * rebuild then regenerates every document. Pinned with the SHA-1 of a fixture corpus's documents
 * (document-format.int-spec.ts), which fails until both are updated together.
 */
export const DOCUMENT_FORMAT_VERSION = 1;

/** The derived parts of an input named by `articleDerivationInputs`; undefined when none could be had. */
export type DerivedLookup = (wikitext: string, ctx: DeriveContext) => DerivedContent | undefined;

/** Derived parts are unavailable (a product that knowingly serves wikitext only, e.g. a unit test). */
export const NO_DERIVATIONS: DerivedLookup = () => undefined;

/** The Articles `event` announces, `state` being the page after it; derived parts from `derived`. */
export function assembleArticles(state: PageState, event: RecordedEvent, derived: DerivedLookup): Article[] {
  return toArticles(state, event, { derive: (text, ctx) => derived(text, ctx) ?? {} });
}

/** What `assembleArticles(state, event, …)` will look up: nothing, or the current revision's wikitext. */
export function articleDerivationInputs(state: PageState, event: RecordedEvent): DeriveInput[] {
  const input = derivationInput(state, event);
  return input ? [input] : [];
}
