// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/test-support (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/test-support';
import { toStructuredContent } from './structured-contents';

const ARTICLES = realDataPath('enterprise', 'articles.ndjson');
const articles = readFileSync(ARTICLES, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, any>);
const byWiki = (wiki: string): Record<string, any> => articles.find((a) => a.is_part_of.identifier === wiki)!;

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
    expect(sc.infoboxes?.[0]).toMatchObject({ type: 'infobox', name: 'Infobox automatic taxobox' });
    const fields = sc.infoboxes![0].has_parts![0].has_parts!;
    expect(fields).toContainEqual(expect.objectContaining({ type: 'field', name: 'taxon', value: 'Sciuridae' }));
    expect(sc.article_sections?.[0].name).toBe('Abstract');
    expect(sc.article_sections?.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Etymology', 'Characteristics', 'Taxonomy']),
    );
    const link = sc.article_sections![0].has_parts![0].links![0];
    expect(link.url.startsWith('https://en.wikipedia.org/wiki/')).toBe(true);
    expect(sc.references!.length).toBeGreaterThan(20);
    expect(sc.references![0]).toMatchObject({
      identifier: 'cite_note-1',
      type: 'web',
      metadata: { title: 'Sciuridae' },
    });
    expect(sc).not.toHaveProperty('article_body');
  });

  it('turns a disambiguation page into list parts (dewiki)', () => {
    const sc = toStructuredContent(byWiki('dewiki'));
    const parts = sc.article_sections!.flatMap((s) => s.has_parts ?? []);
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
});
