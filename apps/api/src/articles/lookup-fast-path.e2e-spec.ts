// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/test-support (skipped without it; required in CI)
/**
 * The on-demand fast path answers read-model cache hits in the request's own tick. This checks
 * that such answers stay coherent with writes: after a new revision is recorded and projected
 * (the in-process projector invalidates the cache), the very next lookup and the cached ones
 * after it serve the new revision, byte-identical to the Nest route.
 */
import { projectionRunnerFor } from '@okapi/adapters/clickhouse/projection-runner';
import { PageCommandHandler } from '@okapi/domain';
import { aRecordRevision, realDataPath } from '@okapi/test-support';
import { ApiHarness, startApiHarness } from '../../../../test/support/api-harness';

jest.setTimeout(60_000);

// Real MediaWiki export (pywikibot test data), see test/SOURCES.md.
const PEAR = realDataPath('xml', 'article-pear-0.10.xml');

type Article = {
  identifier: number;
  is_part_of: { identifier: string };
  version: { identifier: number };
  article_body?: { wikitext?: string };
};

describe('lookup fast path and read-model cache coherence', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR] });
  });
  afterAll(async () => {
    await h?.close();
  });

  const lookup = async (path: string): Promise<{ status: number; text: string }> => {
    const res = await h.request(path);
    return { status: res.status, text: await res.text() };
  };

  it('serves a newly projected revision on the next lookup, from the cache after that', async () => {
    const first = await lookup('/v2/articles/Pear');
    const cached = await lookup('/v2/articles/Pear');
    expect(first.status).toBe(200);
    expect(cached).toEqual(first);
    const [before] = JSON.parse(first.text) as Article[];

    const revisionId = before.version.identifier + 1;
    const handler = new PageCommandHandler(h.runtime.eventStore, { suspectThreshold: 0.9 });
    await handler.handle([
      aRecordRevision({
        wiki: before.is_part_of.identifier,
        pageId: before.identifier,
        title: 'Pear',
        revisionId,
        parentId: before.version.identifier,
        text: 'A pear is a fruit.',
      }),
    ]);
    await projectionRunnerFor(h.runtime).runUntilCaughtUp();

    const after = await lookup('/v2/articles/Pear');
    const afterCached = await lookup('/v2/articles/Pear');
    const routed = await lookup('/v2/articles/Pear?limit=1');
    expect(after.status).toBe(200);
    const [doc] = JSON.parse(after.text) as Article[];
    expect(doc.version.identifier).toBe(revisionId);
    expect(doc.article_body?.wikitext).toBe('A pear is a fruit.');
    expect(afterCached).toEqual(after);
    expect(routed).toEqual(after);
  });
});
