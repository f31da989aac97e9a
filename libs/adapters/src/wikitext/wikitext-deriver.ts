/**
 * Derives WME Article parts from wikitext when a source gave only wikitext (XML dumps,
 * EventStreams without an HTML fetch): html, abstract, categories, templates.
 *
 * - html: rendered by the npm library wtf_wikipedia + wtf-plugin-html. It is NOT Parsoid/MediaWiki
 *   HTML: templates are not expanded (infoboxes, navboxes, citations are dropped or summarised),
 *   and there are no Parsoid attributes (`data-mw`, `about`, section ids). Good for reading and
 *   full-text search, not a replacement for WME's `article_body.html`.
 * - abstract: plain text of the lead section (what precedes the first heading), as WME does.
 * - categories/templates: see wikitext-links.ts (direct ones only; WME also lists those that
 *   templates add).
 *
 * Never throws: if the parser fails, the parts it would give are left out (categories/templates
 * come from our own linear scan and survive).
 *
 * Two hot spots of wtf are bypassed with the same output (wtf-fast-paths.ts, ~1.45x), and the
 * templates that render to nothing are not parsed into data (wtf-library.ts TEXT_ONLY, ~8 %).
 * Cost per article before that (wikitext-deriver.spec.ts logs it; 2 shared cores, warm): dewiki 213 chars
 * ~0.2 ms, ruwiki 6.4 KB ~4 ms, enwiki "Squirrel" 35 KB ~10 ms standalone and up to ~50 ms under
 * jest on a busy machine; ~85 % is wtf_wikipedia's parse, ~15 % the HTML rendering, the
 * category/template scan < 0.5 ms. That is 20–100 articles/s per core: derive lazily (on read or
 * in the projector), not on the ingest hot path.
 */
import type { DerivedContent, DeriveContext } from '@okapi/domain';
import { TEXT_ONLY, wtf } from './wtf-library';
import htmlPlugin from 'wtf-plugin-html';
import { extractCategories, extractTemplates, stripInert } from './wikitext-links';
import { fastPathsPlugin, withCappedTemplateNesting, withEmptyReferences } from './wtf-fast-paths';

wtf.extend(htmlPlugin);
// After the HTML plugin: same output, less work (wtf-fast-paths.ts).
wtf.extend(fastPathsPlugin);

interface HtmlDocument {
  html(): string;
  sections(): { text(): string }[];
}

export function deriveFromWikitext(wikitext: string, ctx: DeriveContext): DerivedContent {
  if (typeof wikitext !== 'string' || wikitext.trim() === '') return {};
  let out: DerivedContent = {};
  try {
    const clean = stripInert(wikitext);
    const categories = extractCategories(clean, ctx);
    const templates = extractTemplates(clean, ctx);
    out = { ...(categories.length ? { categories } : {}), ...(templates.length ? { templates } : {}) };
  } catch {
    // keep going: html/abstract may still work
  }
  try {
    const doc = wtf(withEmptyReferences(withCappedTemplateNesting(wikitext)), TEXT_ONLY) as unknown as HtmlDocument;
    const html = doc.html();
    const abstract = leadText(doc);
    return { ...(html ? { html } : {}), ...(abstract ? { abstract } : {}), ...out };
  } catch {
    return out;
  }
}

function leadText(doc: HtmlDocument): string | undefined {
  const lead = doc.sections()[0]?.text() ?? '';
  const text = lead
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || undefined;
}
