import { Inject, Injectable } from '@nestjs/common';
import type { ArticleJson } from '@okapi/projections';
import { HTML_RENDERER, HtmlRenderer } from './html-renderer';

/**
 * `article_body.html` is the Parsoid HTML when the source supplied it (WME snapshots, MediaWiki
 * fetches). Sources without HTML (XML dumps) get HTML rendered from the wikitext by
 * wtf_wikipedia + wtf-plugin-html: simpler markup than Parsoid (no template expansion), documented
 * in the API docs. Rendered documents are cached with the lookup, so this runs once per version.
 */
@Injectable()
export class ArticleHtmlService {
  constructor(@Inject(HTML_RENDERER) private readonly render: HtmlRenderer) {}

  /** The stored JSON unchanged when it has HTML or no wikitext; otherwise with HTML added. */
  fill(text: string): string {
    // A key `"html":` can only appear unescaped as a real key (inside strings quotes are `\"`).
    if (text.includes('"html":') || !text.includes('"wikitext":')) return text;
    const doc = JSON.parse(text) as ArticleJson;
    const filled = this.fillDoc(doc);
    return filled === doc ? text : JSON.stringify(filled);
  }

  fillDoc(doc: ArticleJson): ArticleJson {
    const body = doc.article_body as { html?: string; wikitext?: string } | undefined;
    if (!body || body.html || typeof body.wikitext !== 'string') return doc;
    const wiki = (doc.is_part_of as { identifier?: string } | undefined)?.identifier ?? '';
    const namespace = (doc.namespace as { identifier?: number } | undefined)?.identifier ?? 0;
    const html = this.render(body.wikitext, { wiki, title: typeof doc.name === 'string' ? doc.name : '', namespace });
    return html ? { ...doc, article_body: { html, wikitext: body.wikitext } } : doc;
  }
}
