// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readRealNdjson } from '@okapi/testing';
import { OkapiError } from '../errors/okapi-error';
import { DerivationPool } from './derivation-pool';
import { STRUCTURED_CONTENTS_UNAVAILABLE, structuredContentGuarded } from './guarded-structured-contents';
import { toStructuredContent } from './structured-contents';
import { UNCLOSED_TABLES } from './testing/pathological-wikitext';

// A 3 s deadline: the pathological wikitext needs far longer, while a real page on a freshly replaced
// (cold) worker stays inside it even on a loaded 2-core machine.
describe('structuredContentGuarded (structured contents under the derivation deadline)', () => {
  const pool = new DerivationPool({ size: 1, timeoutMs: 3000 });
  afterAll(() => pool.close());
  const articles = readRealNdjson<Record<string, any>>('enterprise', 'articles.ndjson');

  it('gives on a worker what toStructuredContent gives in-thread (real WME Squirrel articles)', async () => {
    for (const a of articles) {
      const pooled = await structuredContentGuarded(a, { pool, inThreadMaxChars: 0 });
      expect(pooled).toEqual(JSON.parse(JSON.stringify(toStructuredContent(a))));
    }
    expect(pool.derived).toBe(articles.length);
  });

  it('rejects past the deadline with a stable 503 code, caches the failure by content, and goes on', async () => {
    const bad = { ...articles[1], name: 'Tables', article_body: { wikitext: UNCLOSED_TABLES } };
    const first = await structuredContentGuarded(bad, { pool }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(OkapiError);
    expect(first).toMatchObject({ code: STRUCTURED_CONTENTS_UNAVAILABLE, status: 503 });
    expect((first as Error).message).toMatch(/deadline of 3000 ms \(wikitext of 1048575 chars\)/);
    expect(pool.timedOut).toBe(1);
    // Same content again: failed from the cache, no second parse.
    await expect(structuredContentGuarded({ ...bad }, { pool })).rejects.toMatchObject({ status: 503 });
    expect(pool.timedOut).toBe(1);
    // Other content on the same (replaced) worker still converts.
    await expect(structuredContentGuarded(articles[1], { pool, inThreadMaxChars: 0 })).resolves.toMatchObject({
      name: 'Squirrel',
    });
  });
});
