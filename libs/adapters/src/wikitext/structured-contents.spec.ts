// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { readRealJson, realDataPath } from '@okapi/testing';
import { must } from '@okapi/domain';
import { toStructuredContent } from './structured-contents';

const ARTICLES = realDataPath('enterprise', 'articles.ndjson');
const articles = readFileSync(ARTICLES, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, any>);
const byWiki = (wiki: string): Record<string, any> =>
  must(
    articles.find((a) => a.is_part_of.identifier === wiki),
    wiki,
  );

describe('toStructuredContent (real WME Squirrel articles)', () => {
  it('carries identity fields and derives description, infobox, sections and references (enwiki)', () => {
    const a = byWiki('enwiki');
    const sc = toStructuredContent(a);
    expect(sc).toMatchObject({
      name: 'Squirrel',
      identifier: a.identifier,
      version: a.version,
      is_part_of: a.is_part_of,
      url: a.url,
    });
    expect(sc.abstract).toBe(a.abstract);
    expect(sc.description).toBe('Family of rodents');
    // From the Parsoid HTML, as WME derives it (exact equality with WME's response: below).
    expect(sc.infoboxes?.[0]).toMatchObject({ type: 'infobox', name: 'Pp-semi-indef' });
    const fields = must(sc.infoboxes?.[0].has_parts?.[0].has_parts, 'the infobox fields');
    expect(fields).toContainEqual(expect.objectContaining({ type: 'field', name: 'Family:' }));
    expect(sc.article_sections?.[0].name).toBe('Abstract');
    expect(sc.article_sections?.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Etymology', 'Characteristics', 'Taxonomy']),
    );
    const link = must(sc.article_sections?.[0].has_parts?.[0].links?.[0], 'the first link');
    expect(link.url.startsWith('https://en.wikipedia.org/wiki/')).toBe(true);
    expect(sc.references?.length).toBeGreaterThan(20);
    expect(sc.references?.[0]).toMatchObject({
      identifier: 'cite_note-1',
      type: 'web',
      metadata: { title: 'Sciuridae' },
    });
    expect(sc).not.toHaveProperty('article_body');
  });

  it('turns a disambiguation page into list parts (dewiki)', () => {
    const sc = toStructuredContent(byWiki('dewiki'));
    const parts = must(sc.article_sections, 'the sections').flatMap((s) => s.has_parts ?? []);
    const list = parts.find((p) => p.type === 'list');
    expect(list?.has_parts?.[0]).toMatchObject({ type: 'list_item' });
    expect(sc.infoboxes).toBeUndefined();
  });

  it('returns only identity fields when there is no wikitext', () => {
    const { article_body: _, ...bare } = byWiki('ruwiki');
    const sc = toStructuredContent(bare);
    expect(sc.name).toBe('Squirrel');
    expect(sc.article_sections).toBeUndefined();
  });

  it.each(['enwiki', 'ruwiki', 'dewiki'])(
    "%s: infoboxes from the Parsoid HTML equal WME's own structured contents of the same revision",
    (wiki) => {
      // WME's structured-contents response for these very revisions (wme-sdk-go testdata).
      const real = must(
        (readRealJson('enterprise', 'structured-contents.json') as Record<string, any>[]).find(
          (s) => s.is_part_of.identifier === wiki,
        ),
        wiki,
      );
      const a = byWiki(wiki);
      expect(real.version.identifier).toBe(a.version.identifier);
      const sc = toStructuredContent(a);
      expect(sc.infoboxes).toEqual(real.infoboxes);
    },
  );

  it('keeps the infoboxes from the wikitext when the HTML is not Parsoid output', () => {
    const a = byWiki('enwiki');
    const sc = toStructuredContent({ ...a, article_body: { wikitext: a.article_body.wikitext, html: '<p>x</p>' } });
    expect(sc.infoboxes?.[0]).toMatchObject({ type: 'infobox', name: 'Infobox automatic taxobox' });
  });

  it('takes the page description (local or Wikidata) over the wikitext short description', () => {
    expect(
      toStructuredContent({ ...byWiki('enwiki'), description: 'Rodents of the family Sciuridae' }).description,
    ).toBe('Rodents of the family Sciuridae');
  });
});
