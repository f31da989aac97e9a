import { deriveFromWikitext } from '@okapi/adapters/wikitext';

/** Renders wikitext to HTML for articles whose source supplied none. */
export type HtmlRenderer = (
  wikitext: string,
  ctx: { wiki: string; title: string; namespace: number },
) => string | undefined;

export const HTML_RENDERER = Symbol('HTML_RENDERER');

/** wtf_wikipedia + wtf-plugin-html through the shared deriver (see wikitext-deriver.ts for its limits). */
export const renderHtml: HtmlRenderer = (wikitext, ctx) => deriveFromWikitext(wikitext, ctx).html;
