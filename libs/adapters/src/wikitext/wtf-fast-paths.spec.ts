// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { wtf } from './wtf-library';
import { realDataPath } from '@okapi/testing';
import { articleText } from '../sources/dump/synthetic-article-text';
import './wikitext-deriver'; // installs the HTML plugin, then the fast paths
import { smartReplace, withCappedTemplateNesting, withEmptyReferences, withPluginSentenceHtml } from './wtf-fast-paths';
import { NESTED_TEMPLATES } from './testing/pathological-wikitext';
import { deriveFromWikitext } from './wikitext-deriver';

type Models = Parameters<typeof withPluginSentenceHtml>[0];
let models!: Models;
wtf.extend((m: Models) => void (models = m));

interface Rendered {
  html: string;
  lead: string;
}
const render = (text: string): Rendered => {
  const doc = wtf(text) as unknown as { html(): string; sections(): { text(): string }[] };
  return { html: doc.html(), lead: doc.sections()[0]?.text() ?? '' };
};
/** What the deriver renders (fast paths) and what wtf + its HTML plugin render alone. */
const fast = (text: string): Rendered => render(withEmptyReferences(text));
const reference = (text: string): Rendered => withPluginSentenceHtml(models, () => render(text));

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('wtf fast paths render what wtf_wikipedia + wtf-plugin-html render', () => {
  it('on the real WME articles (Squirrel on dewiki, enwiki, ruwiki)', () => {
    const texts = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { article_body: { wikitext: string } }).article_body.wikitext);
    expect(texts.length).toBe(3);
    for (const t of texts) expect(fast(t)).toEqual(reference(t));
    // The enwiki article has dozens of refs: the fast path did empty them.
    expect(withEmptyReferences(texts[1]).length).toBeLessThan(texts[1].length * 0.8);
  });

  it('on 200 synthetic Wikipedia-like articles', () => {
    const rand = seeded(7);
    for (let i = 0; i < 200; i++) {
      const t = articleText(rand, `Page ${i}`, 1000 + Math.floor(rand() * 8000));
      expect(fast(t)).toEqual(reference(t));
    }
  });

  it.each([
    ['adjacent refs', 'A claim.<ref>One {{cite web|title=x}}</ref><ref>Two</ref> Next sentence here.'],
    ['named and self-closing refs', 'A<ref name="a">x {{cite book|t=y}}</ref> b<ref name="a"/> c <ref name=b /> d.'],
    ['a self-closing ref before a closing tag', 'A <ref name="a"/>stray</ref> text here.'],
    ['upper case', 'Shout.<REF>Loud {{cite web|title=x}}</REF> Quiet.'],
    ['a ref over 1,800 characters', `Long.<ref>${'word '.repeat(500)}</ref> After it.`],
    ['a ref holding a ref', 'Odd.<ref>outer <ref>inner</ref> tail</ref> After.'],
    ['a ref in a comment', 'Kept.<!-- <ref>hidden {{cite web|t=x}}</ref> --> Text.'],
    ['refs in a comment over 3,000 characters', `X <!-- ${'c '.repeat(1400)}<ref>${'r'.repeat(600)}</ref> --> Y.`],
    [
      'formatting around a ref',
      "It is ''quite<ref>''odd''</ref> true'' indeed.\n\n== H ==\nMore <i>text<ref>x</ref></i>.",
    ],
    ['a comment inside a ref', 'Z.<ref>a <!-- b --> {{cite news|title=c}}</ref> Done.'],
  ])('on %s', (_name, text) => {
    expect(fast(text)).toEqual(reference(text));
  });
});

describe('smartReplace', () => {
  const regexReplace = (all: string, text: string, result: string): string => {
    const escaped = text.replace(/[-[\]/{}()*+?.\\^$|]/g, '\\$&');
    const reg = new RegExp(`\\b${escaped}\\b`);
    return reg.test(all) ? all.replace(reg, result) : all.replace(escaped, result);
  };

  it.each([
    ['the cat sat on the cat mat', 'cat', '<a>cat</a>'],
    ['concatenate the cat', 'cat', '[$&]'],
    ['price in $ and more', 'price', "$$ $` $' $1 $<x> $"],
    ['St. Louis (city) is big', 'St. Louis (city)', '<a>x</a>'],
    ['(city) alone', '(city)', '<b>(city)</b>'],
    ['no boundary: xcatx', 'cat', 'dog'],
    ['a.b a.b', 'a.b', 'X'],
    ['émigré emigre', 'migr', 'M'],
  ])('%s / %s -> as the RegExp version', (all, text, result) => {
    expect(smartReplace(all, text, result)).toBe(regexReplace(all, text, result));
  });

  it('keeps a number or an empty text as the plugin does', () => {
    expect(smartReplace(42, '4', 'x')).toBe(regexReplace('42', '4', 'x'));
    expect(smartReplace('abc', '', 'x')).toBe('abc');
  });
});

describe('withCappedTemplateNesting', () => {
  it('leaves wikitext alone unless templates nest deeper than the cap', () => {
    const text = 'a {{b|{{c|{{d}}}}}} e }} {{f';
    expect(withCappedTemplateNesting(text, 3)).toBe(text);
    expect(withCappedTemplateNesting(text, 2)).toBe('a {{b|{{c|}}}} e }} {{f');
    expect(withCappedTemplateNesting(text, 1)).toBe('a {{b|}} e }} {{f');
    expect(withCappedTemplateNesting('x {{a|{{b', 1)).toBe('x {{a|');
  });

  it('keeps what the HTML shows around 50,000 nested templates, and derives them in a moment', () => {
    const d = deriveFromWikitext(`Before. ${NESTED_TEMPLATES} After [[link]].`, {
      wiki: 'enwiki',
      title: 'T',
      namespace: 0,
    });
    expect(d.abstract).toBe('Before. After link.');
  });
});

describe('a sentence that is one long run of markup', () => {
  it('renders as its plain text instead of searching the sentence once per bold (quadratic)', () => {
    const d = deriveFromWikitext("'''a''' ".repeat(150_000), { wiki: 'enwiki', title: 'T', namespace: 0 });
    expect(d.html).toContain('<span class="sentence">a a a');
    expect(d.html).not.toContain('<b>');
    const short = deriveFromWikitext("Some '''bold''' text.", { wiki: 'enwiki', title: 'T', namespace: 0 });
    expect(short.html).toContain('<b>bold</b>');
  });
});
