// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { articleEventIdentifier, offsetOfEventIdentifier } from './event-identifier';
import { articleUrl, encodeTitle, wikiDomain } from './wiki-domain';

// WME's full project list (892 real projects), WME SDK fixture.
const projects = JSON.parse(readFileSync(realDataPath('enterprise', 'projects.json'), 'utf8')) as {
  identifier: string;
  url: string;
  in_language: { identifier: string };
}[];

describe('wikiDomain', () => {
  it('matches the URL and language of every real WME project', () => {
    const wrong = projects
      .map((p) => ({
        id: p.identifier,
        expected: [p.url, p.in_language.identifier],
        actual: [wikiDomain(p.identifier).projectUrl, wikiDomain(p.identifier).language],
      }))
      .filter((r) => r.expected.join() !== r.actual.join());
    expect(projects.length).toBeGreaterThan(800);
    expect(wrong).toEqual([]);
  });

  it('knows the multilingual wikis', () => {
    expect(wikiDomain('commonswiki')).toEqual({
      domain: 'commons.wikimedia.org',
      language: 'en',
      projectUrl: 'https://commons.wikimedia.org',
    });
    expect(wikiDomain('wikidatawiki').domain).toBe('www.wikidata.org');
    expect(wikiDomain('mediawikiwiki').domain).toBe('www.mediawiki.org');
    expect(wikiDomain('metawiki').domain).toBe('meta.wikimedia.org');
    expect(wikiDomain('specieswiki').domain).toBe('species.wikimedia.org');
    expect(wikiDomain('dewiktionary').domain).toBe('de.wiktionary.org');
    expect(wikiDomain('simplewiki')).toMatchObject({ domain: 'simple.wikipedia.org', language: 'simple' });
  });
});

interface WmeLinks {
  is_part_of: { identifier: string };
  categories?: { name: string; url: string }[];
  templates?: { name: string; url: string }[];
}

// Real WME Articles (dewiki, enwiki, ruwiki): every category and template carries WME's own url.
const linked: { wiki: string; name: string; url: string }[] = readFileSync(
  realDataPath('enterprise', 'articles.ndjson'),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as WmeLinks)
  .flatMap((a) =>
    [...(a.categories ?? []), ...(a.templates ?? [])].map((c) => ({
      wiki: a.is_part_of.identifier,
      name: c.name,
      url: c.url,
    })),
  );

describe('articleUrl', () => {
  it('matches the url of every category and template in the real WME records (raw Unicode)', () => {
    expect(linked.length).toBeGreaterThan(50);
    // eslint-disable-next-line no-control-regex -- any character outside ASCII (U+0000 to U+007F).
    expect(linked.some((l) => /[^\x00-\x7f]/.test(l.url))).toBe(true);
    const wrong = linked.filter((l) => articleUrl(l.wiki, l.name) !== l.url);
    expect(wrong).toEqual([]);
  });

  it('uses underscores and keeps Unicode, apostrophes, parentheses, slashes and colons', () => {
    expect(articleUrl('enwiki', 'Albert Einstein')).toBe('https://en.wikipedia.org/wiki/Albert_Einstein');
    expect(articleUrl('enwiki', 'AC/DC')).toBe('https://en.wikipedia.org/wiki/AC/DC');
    expect(articleUrl('dewiki', 'Kategorie:Begriffsklärung')).toBe(
      'https://de.wikipedia.org/wiki/Kategorie:Begriffsklärung',
    );
    expect(articleUrl('ruwiki', 'Категория:Скриптовые языки')).toBe(
      'https://ru.wikipedia.org/wiki/Категория:Скриптовые_языки',
    );
    expect(encodeTitle("Wikipedia:Okapi's (page), A&B")).toBe("Wikipedia:Okapi's_(page),_A&B");
  });

  it('percent-encodes only what would break a URL: % ? # " whitespace and control characters', () => {
    expect(encodeTitle('100% #1? "Live"')).toBe('100%25_%231%3F_%22Live%22');
    expect(encodeTitle('Tab\there\u3000ideo\u0007bell')).toBe('Tab%09here%E3%80%80ideo%07bell');
    expect(encodeTitle('  Trimmed  ')).toBe('Trimmed');
    // The result is a valid URL whose path decodes back to the title with underscores.
    const url = new URL(articleUrl('enwiki', 'Rock & Roll? 100% #1'));
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
    expect(decodeURIComponent(url.pathname)).toBe('/wiki/Rock_&_Roll?_100%_#1');
  });
});

describe('article event identifier', () => {
  it('is UUID-shaped, deterministic, distinct per index and reversible', () => {
    const id = articleEventIdentifier(123456789);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8000-[0-9a-f]{12}$/);
    expect(articleEventIdentifier(123456789)).toBe(id);
    expect(articleEventIdentifier(123456789, 1)).not.toBe(id);
    expect(offsetOfEventIdentifier(id)).toBe(123456789);
    expect(offsetOfEventIdentifier(articleEventIdentifier(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(offsetOfEventIdentifier('632ff5f4-cfa7-40a2-a92b-4e0b22e61a9a')).toBeUndefined();
  });
});
