// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { anarchismPrefix, makeTempDir, readRealNdjson, realDataPath } from '@okapi/testing';
import { articleText } from '../sources/dump/synthetic-article-text';
import './wikitext-deriver'; // installs the HTML plugin and the fast paths, as deriving does
import { withCappedTemplateNesting, withEmptyReferences } from './wtf-fast-paths';
import { TEXT_ONLY, wtf } from './wtf-library';

interface Rendered {
  html: string;
  lead: string;
}

/** What the deriver reads of a document, parsed with or without TEXT_ONLY. */
function render(wikitext: string, options?: object): Rendered {
  const doc = wtf(withEmptyReferences(withCappedTemplateNesting(wikitext)), options) as unknown as {
    html(): string;
    sections(): { text(): string }[];
  };
  return { html: doc.html(), lead: doc.sections()[0]?.text() ?? '' };
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function xmlTexts(xml: string): string[] {
  return [...xml.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => unescapeXml(m[1]));
}

describe('wtf with TEXT_ONLY renders what a full parse renders', () => {
  it('on the real WME articles and the pages of the real XML dumps', () => {
    const texts = [
      ...readRealNdjson<{ article_body: { wikitext: string } }>('enterprise', 'articles.ndjson').map(
        (a) => a.article_body.wikitext,
      ),
      ...['article-pear-0.10.xml', 'pair-0.10.xml'].flatMap((f) =>
        xmlTexts(readFileSync(realDataPath('xml', f), 'utf8')),
      ),
    ];
    expect(texts.length).toBeGreaterThan(4);
    for (const t of texts) expect(render(t, TEXT_ONLY)).toEqual(render(t));
  });

  it('on every 5th of the first 250 revisions of the real Anarchism history', async () => {
    const tmp = makeTempDir('okapi-text-only-');
    try {
      const texts = xmlTexts(readFileSync(await anarchismPrefix(tmp.path, 250), 'utf8')).filter((_, i) => i % 5 === 0);
      expect(texts.length).toBe(50);
      for (const t of texts) expect(render(t, TEXT_ONLY)).toEqual(render(t));
    } finally {
      tmp.remove();
    }
  });

  it('on 300 synthetic Wikipedia-like articles', () => {
    let seed = 11;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 300; i++) {
      const t = articleText(rand, `Page ${i}`, 500 + Math.floor(rand() * 12_000));
      expect(render(t, TEXT_ONLY)).toEqual(render(t));
    }
  });

  it.each([
    ['a reference section holding only an unknown template', 'Text.\n== References ==\n{{Reflist2|colwidth=30em}}\n'],
    ['a reference section holding only a citation', 'Text.\n== Notes ==\n{{cite web|url=http://a.b|title=T}}\n'],
    ['an empty reference section', 'Text.\n== References ==\n\n== Other ==\nMore text.'],
    ['a template without a name', 'Text {{|a=b}} more. {{ |x}} end.'],
    ['an unknown infobox-named template', 'Text {{ Infobox |subbox=yes|a=[[b]]}} more.'],
    ['a gallery', 'Text.\n{{gallery|File:A.jpg|Caption}}\nMore.'],
    ['nested unknown templates', 'A {{outer|x={{inner|y=[[z]]}}|w}} b {{cite news|title=t}} c.'],
  ])('on %s', (_, t) => {
    expect(render(t, TEXT_ONLY)).toEqual(render(t));
  });

  it('lists a template that renders to nothing by its name only', () => {
    const full = wtf('Text {{some box|a=[[b]]|c=d}} more.').templates()[0].json();
    const textOnly = wtf('Text {{some box|a=[[b]]|c=d}} more.', TEXT_ONLY).templates()[0].json();
    expect(full).toMatchObject({ template: 'some box', a: 'b', c: 'd' });
    expect(textOnly).toEqual({ template: 'some box' });
  });
});
