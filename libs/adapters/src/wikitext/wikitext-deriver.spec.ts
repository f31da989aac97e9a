// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { must } from '@okapi/domain';
import { deriveFromWikitext } from './wikitext-deriver';
import { extractCategories, extractTemplates, stripInert } from './wikitext-links';

interface Fixture {
  name: string;
  namespace: { identifier: number };
  is_part_of: { identifier: string };
  abstract: string;
  categories: { name: string; url: string }[];
  templates: { name: string; url: string }[];
  article_body: { wikitext: string };
}

// Real WME Articles ("Squirrel" on dewiki, enwiki, ruwiki) with WME's own categories/templates.
const fixtures: Fixture[] = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const byWiki = (wiki: string) =>
  must(
    fixtures.find((f) => f.is_part_of.identifier === wiki),
    wiki,
  );
const ctxOf = (f: Fixture) => ({ wiki: f.is_part_of.identifier, title: f.name, namespace: f.namespace.identifier });
/** Both write raw Unicode urls (articleUrl); decoding keeps the comparison blind to the few characters either escapes. */
const decoded = (list: { name: string; url: string }[] = []) =>
  list.map((c) => ({ name: c.name, url: decodeURI(c.url) }));

describe('deriveFromWikitext on real WME articles', () => {
  it.each(['dewiki', 'enwiki', 'ruwiki'])(
    '%s: every template WME lists is found, with the same name and url',
    (wiki) => {
      const f = byWiki(wiki);
      const derived = deriveFromWikitext(f.article_body.wikitext, ctxOf(f));
      const ours = decoded(derived.templates);
      const direct = f.templates.filter((t) => ours.some((o) => o.name === t.name));
      // WME resolves redirects (e.g. enwiki {{cite web}} is listed as "Template:Cite web"); we list what the text says.
      expect(direct.length / f.templates.length).toBeGreaterThanOrEqual(wiki === 'enwiki' ? 0.85 : 1);
      for (const t of direct) expect(ours).toContainEqual(decoded([t])[0]);
    },
  );

  it('enwiki: the explicit category links are WME categories with the same names and urls', () => {
    const f = byWiki('enwiki');
    const ours = decoded(deriveFromWikitext(f.article_body.wikitext, ctxOf(f)).categories);
    expect(ours.map((c) => c.name)).toEqual([
      'Category:Squirrels',
      'Category:Articles containing video clips',
      'Category:Extant Eocene first appearances',
      'Category:Rodents by common name',
      'Category:Taxa named by Gotthelf Fischer von Waldheim',
    ]);
    for (const c of ours) expect(decoded(f.categories)).toContainEqual(c);
  });

  it('abstract is the lead section as plain text, close to WME’s', () => {
    for (const wiki of ['enwiki', 'ruwiki']) {
      const f = byWiki(wiki);
      const { abstract } = deriveFromWikitext(f.article_body.wikitext, ctxOf(f));
      const firstWords = f.abstract.trim().split(/\s+/).slice(-12).join(' '); // WME's closing words
      expect(abstract).toContain(firstWords);
      expect(abstract).not.toMatch(/\{\{|\[\[|'''/);
    }
  });

  it('renders html with the article text and no wiki markup', () => {
    const f = byWiki('enwiki');
    const { html } = deriveFromWikitext(f.article_body.wikitext, ctxOf(f));
    expect(html).toMatch(/^</);
    expect(html).toMatch(/<p[ >]/);
    expect(html).toContain('Sciuridae');
    expect(html).not.toContain('{{');
  });

  it('logs its cost per article (figures only; targets live in benchmarks)', () => {
    for (const f of fixtures) deriveFromWikitext(f.article_body.wikitext, ctxOf(f)); // warm-up
    const lines = fixtures.map((f) => {
      const n = 10;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) deriveFromWikitext(f.article_body.wikitext, ctxOf(f));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
      return `${f.is_part_of.identifier} ${f.article_body.wikitext.length} chars: ${ms.toFixed(2)} ms`;
    });

    console.log(`deriveFromWikitext per article: ${lines.join('; ')}`);
    expect(lines).toHaveLength(3);
  });
});

describe('deriveFromWikitext robustness', () => {
  const ctx = { wiki: 'enwiki', title: 'T', namespace: 0 };

  it('returns {} for empty or non-string input instead of throwing', () => {
    expect(deriveFromWikitext('', ctx)).toEqual({});
    expect(deriveFromWikitext(undefined as unknown as string, ctx)).toEqual({});
  });

  it('survives malformed wikitext', () => {
    const broken = '{{unclosed|a=[[b|{{c}}\n<ref>x\n{| class="wikitable"\n|-\n| [[Category:Ok]] }} ]] {{{ <!-- ';
    expect(() => deriveFromWikitext(broken, ctx)).not.toThrow();
    expect(deriveFromWikitext(broken, ctx).categories).toEqual([
      { name: 'Category:Ok', url: 'https://en.wikipedia.org/wiki/Category:Ok' },
    ]);
  });
});

describe('category and template extraction', () => {
  it('recognises local and canonical prefixes and names them the wiki’s way', () => {
    const text =
      '[[Kategorie:Begriffsklärung]] [[category:nager|Sort]] [[:Kategorie:Nur ein Link]] {{Vorlage:EnS}} {{enS}} {{Template:Navbox}}';
    expect(extractCategories(text, { wiki: 'dewiki' }).map((c) => c.name)).toEqual([
      'Kategorie:Begriffsklärung',
      'Kategorie:Nager',
    ]);
    expect(extractTemplates(text, { wiki: 'dewiki' }).map((t) => t.name)).toEqual(['Vorlage:EnS', 'Vorlage:Navbox']);
    // Raw Unicode, as WME's own records write it (articleUrl).
    expect(extractCategories('[[Категория:Скриптовые языки]]', { wiki: 'ruwiki' })[0].url).toBe(
      'https://ru.wikipedia.org/wiki/Категория:Скриптовые_языки',
    );
  });

  it('skips parameters, parser functions, magic words and commented-out text; unwraps subst', () => {
    const text =
      '{{{1}}} {{#if:x|y}} {{DISPLAYTITLE:x}} {{PAGENAME}} {{lc:X}} {{subst:Welcome}} {{:Main Page}} {{User:Me/sig}} <!-- {{Hidden}} [[Category:Hidden]] --> <nowiki>{{Nope}}</nowiki> {{cite_web |url=x}}';
    const clean = stripInert(text);
    expect(extractTemplates(clean, { wiki: 'enwiki' }).map((t) => t.name)).toEqual([
      'Template:Welcome',
      'Main Page',
      'User:Me/sig',
      'Template:Cite web',
    ]);
    expect(extractCategories(clean, { wiki: 'enwiki' })).toEqual([]);
  });

  it('keeps first-letter case on wiktionaries', () => {
    expect(extractTemplates('{{en-noun}}', { wiki: 'enwiktionary' }).map((t) => t.name)).toEqual(['Template:en-noun']);
  });
});
