import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleEventIdentifier, offsetOfEventIdentifier } from './event-identifier';
import { articleUrl, encodeTitle, wikiDomain } from './wiki-domain';

// WME's full project list (892 real projects), WME SDK fixture.
const projects: { identifier: string; url: string; in_language: { identifier: string } }[] = JSON.parse(
  readFileSync(join(__dirname, '../../../../test/fixtures/enterprise/projects.json'), 'utf8'),
);

describe('wikiDomain', () => {
  it('matches the URL and language of every real WME project', () => {
    const wrong = projects
      .map((p) => ({ id: p.identifier, expected: [p.url, p.in_language.identifier], actual: [wikiDomain(p.identifier).projectUrl, wikiDomain(p.identifier).language] }))
      .filter((r) => r.expected.join() !== r.actual.join());
    expect(projects.length).toBeGreaterThan(800);
    expect(wrong).toEqual([]);
  });

  it('knows the multilingual wikis', () => {
    expect(wikiDomain('commonswiki')).toEqual({ domain: 'commons.wikimedia.org', language: 'en', projectUrl: 'https://commons.wikimedia.org' });
    expect(wikiDomain('wikidatawiki').domain).toBe('www.wikidata.org');
    expect(wikiDomain('mediawikiwiki').domain).toBe('www.mediawiki.org');
    expect(wikiDomain('metawiki').domain).toBe('meta.wikimedia.org');
    expect(wikiDomain('specieswiki').domain).toBe('species.wikimedia.org');
    expect(wikiDomain('dewiktionary').domain).toBe('de.wiktionary.org');
    expect(wikiDomain('simplewiki')).toMatchObject({ domain: 'simple.wikipedia.org', language: 'simple' });
  });
});

describe('articleUrl', () => {
  it('uses underscores and percent-encodes like MediaWiki, keeping : / ( ) ,', () => {
    expect(articleUrl('enwiki', 'Albert Einstein')).toBe('https://en.wikipedia.org/wiki/Albert_Einstein');
    expect(articleUrl('enwiki', 'AC/DC')).toBe('https://en.wikipedia.org/wiki/AC/DC');
    expect(articleUrl('enwiki', 'Category:Pear')).toBe('https://en.wikipedia.org/wiki/Category:Pear');
    expect(articleUrl('dewiki', 'Kategorie:Begriffsklärung')).toBe('https://de.wikipedia.org/wiki/Kategorie:Begriffskl%C3%A4rung');
    expect(encodeTitle("Rock & Roll? (song), 100% #1 'live'")).toBe('Rock_%26_Roll%3F_(song),_100%25_%231_%27live%27');
    // decodes back to the WME (unencoded) form
    expect(decodeURI(articleUrl('ruwiki', 'Категория:Скриптовые языки'))).toBe('https://ru.wikipedia.org/wiki/Категория:Скриптовые_языки');
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
