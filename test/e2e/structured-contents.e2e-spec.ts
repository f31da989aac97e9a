// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * `/v2/structured-contents/{name}` over HTTP for a real article (enwiki "Pear" from a dump): the
 * parts are derived from its wikitext by wtf_wikipedia, and their shape is compared with the
 * real WME response in $OKAPI_REAL_DATA_DIR/enterprise/structured-contents-response_ii.json.
 */
import { readFileSync } from 'node:fs';
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { must } from '@okapi/domain';

jest.setTimeout(120_000);

const PEAR = realDataPath('xml', 'article-pear-0.10.xml');
const REAL = JSON.parse(readFileSync(realDataPath('enterprise', 'structured-contents-response_ii.json'), 'utf8'))[0];

interface Part {
  type: string;
  name?: string;
  value?: string;
  has_parts?: Part[];
  [k: string]: unknown;
}

/** type -> keys used by parts of that type, over a whole tree. */
function keysByType(parts: readonly Part[], acc = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const p of parts) {
    const keys = acc.get(p.type) ?? new Set<string>();
    Object.keys(p).forEach((k) => keys.add(k));
    acc.set(p.type, keys);
    keysByType(p.has_parts ?? [], acc);
  }
  return acc;
}

describe('GET|POST /v2/structured-contents/{name}', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR] });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('derives infoboxes, sections and references shaped like the real WME response', async () => {
    const res = await h.request('/v2/structured-contents/Pear');
    expect(res.status).toBe(200);
    const [sc] = (await res.json()) as any[];
    expect(sc).toMatchObject({
      name: 'Pear',
      identifier: 24278,
      version: { identifier: 638548877 },
      is_part_of: { identifier: 'enwiki' },
    });
    expect(sc.abstract).toMatch(/^The pear is/);
    expect(sc.infoboxes[0]).toMatchObject({
      type: 'infobox',
      name: 'Infobox taxobox',
      has_parts: [{ type: 'section' }],
    });
    const fields: Part[] = sc.infoboxes[0].has_parts[0].has_parts;
    expect(fields).toContainEqual(expect.objectContaining({ type: 'field', name: 'ordo', value: 'Rosales' }));
    const names = (sc.article_sections as Part[]).map((s) => s.name);
    expect(names[0]).toBe('Abstract');
    expect(names).toEqual(expect.arrayContaining(['Etymology', 'History', 'Cultivation']));
    expect(names).not.toContain('References');
    expect(sc.references.length).toBeGreaterThan(10);
    expect(sc.references[0]).toMatchObject({ identifier: 'cite_note-1', type: expect.any(String) });

    // Every part type and key we emit is one the real response uses.
    const real = keysByType([...REAL.infoboxes, ...REAL.article_sections]);
    for (const [type, keys] of keysByType([...sc.infoboxes, ...sc.article_sections])) {
      expect(real.has(type)).toBe(true);
      for (const k of keys) expect([type, [...must(real.get(type), type)].includes(k)]).toEqual([type, true]);
    }
  });

  it('takes fields, filters and limit like /v2/articles', async () => {
    const post = await h.request('/v2/structured-contents/Pear', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['name', 'article_sections'], limit: 1 }),
    });
    const [sc] = (await post.json()) as any[];
    expect(Object.keys(sc).sort()).toEqual(['article_sections', 'name']);
    const q = encodeURIComponent(JSON.stringify([{ field: 'is_part_of.identifier', value: 'dewiki' }]));
    const none = await h.request(`/v2/structured-contents/Pear?filters=${q}`);
    expect(none.status).toBe(404);
    expect((await h.request('/v2/structured-contents/Pear?fields=bogus')).status).toBe(422);
    expect((await h.request('/v2/structured-contents/Pear?limit=11')).status).toBe(422);
    expect((await h.request('/v2/structured-contents/Pear', { auth: false })).status).toBe(401);
  });
});
