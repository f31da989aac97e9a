import { IN_THREAD_MAX_CHARS } from '@okapi/adapters/derivations';
import { deriveFromWikitext } from '@okapi/adapters/wikitext';

/** Renders wikitext to HTML for articles whose source supplied none. */
export type HtmlRenderer = (
  wikitext: string,
  ctx: { wiki: string; title: string; namespace: number },
) => string | undefined;

export const HTML_RENDERER = Symbol('HTML_RENDERER');

/**
 * wtf_wikipedia + wtf-plugin-html through the shared deriver (see wikitext-deriver.ts for its
 * limits), on the request's thread: only up to IN_THREAD_MAX_CHARS, since no deadline can stop it
 * there. Larger documents without HTML (their derivation failed, see ArticleDerivations) keep it
 * absent, as every other product has it.
 */
export const renderHtml: HtmlRenderer = (wikitext, ctx) =>
  wikitext.length > IN_THREAD_MAX_CHARS ? undefined : deriveFromWikitext(wikitext, ctx).html;
