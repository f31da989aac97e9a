import wtf from 'wtf_wikipedia';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const htmlPlugin = require('wtf-plugin-html') as (models: unknown) => void;

wtf.extend(htmlPlugin);

/** Renders wikitext to HTML for articles whose source supplied none. */
export type HtmlRenderer = (wikitext: string, ctx: { title: string; url?: string }) => string;

export const HTML_RENDERER = Symbol('HTML_RENDERER');

/** wtf_wikipedia + wtf-plugin-html: a maintained parser, simpler markup than Parsoid. */
export const renderHtml: HtmlRenderer = (wikitext, ctx) => {
  const doc = wtf(wikitext, { title: ctx.title }) as unknown as { html(): string };
  return doc.html();
};
