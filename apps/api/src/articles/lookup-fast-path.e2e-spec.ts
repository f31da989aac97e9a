// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * The on-demand fast path answers read-model cache hits in the request's own tick. This checks
 * that such answers stay coherent with writes: after a new revision is recorded and projected
 * (the in-process projector invalidates the cache), the very next lookup and the cached ones
 * after it serve the new revision, byte-identical to the Nest route.
 */
import { projectionRunnerFor } from '@okapi/adapters/clickhouse';
import { PageCommandHandler } from '@okapi/domain';
import { aRecordRevision, ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { LookupFastPath } from './lookup-fast-path';

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
    await ifSetUp(h)?.close();
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
    // Another spelling of the path is routed by express, not the fast path: the Nest route's answer.
    const routed = await lookup('/V2/articles/Pear?limit=1');
    expect(after.status).toBe(200);
    const [doc] = JSON.parse(after.text) as Article[];
    expect(doc.version.identifier).toBe(revisionId);
    expect(doc.article_body?.wikitext).toBe('A pear is a fruit.');
    expect(afterCached).toEqual(after);
    expect(routed).toEqual(after);
  });

  const send = async (
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<{ status: number; type: string | null; text: string }> => {
    const res = await h.request(path, {
      method: init.method ?? 'GET',
      body: init.body,
      auth: init.auth,
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const fields = encodeURIComponent('name,version.identifier,is_part_of');
  const filters = encodeURIComponent(JSON.stringify([{ field: 'namespace.identifier', value: 0 }]));

  it.each<[string, string, { method?: string; body?: string; headers?: Record<string, string> }]>([
    ['bare GET', '', {}],
    ['GET with limit', '?limit=1', {}],
    ['GET with fields and filters', `?fields=${fields}&filters=${filters}`, {}],
    ['GET with fields, NDJSON', `?fields=${fields}`, { headers: { accept: 'application/x-ndjson' } }],
    ['POST with the SDK body', '', { method: 'POST', body: '{"fields":["name","url"],"limit":2}' }],
    [
      'POST with filters',
      '',
      { method: 'POST', body: JSON.stringify({ filters: [{ field: 'is_part_of.identifier', value: 'enwiki' }] }) },
    ],
    ['POST without a body', '?limit=2', { method: 'POST' }],
  ])('answers %s on the fast path with the Nest route bytes', async (_name, query, init) => {
    const fastPath = h.app.get(LookupFastPath);
    const served = fastPath.served;
    const fast = await send(`/v2/articles/Pear${query}`, init);
    const again = await send(`/v2/articles/Pear${query}`, init);
    expect(fastPath.served).toBe(served + 2);
    const routed = await send(`/V2/articles/Pear${query}`, init);
    expect(fastPath.served).toBe(served + 2);
    expect(fast.status).toBe(200);
    expect(again).toEqual(fast);
    expect(routed).toEqual(fast);
  });

  it.each<[string, string, { method?: string; body?: string; auth?: boolean }, number, string]>([
    ['no token, with a body', '', { method: 'POST', body: '{"limit":1}', auth: false }, 401, 'auth.missing_token'],
    ['no token, with a query', '?limit=1', { auth: false }, 401, 'auth.missing_token'],
    ['a bad limit in the body', '', { method: 'POST', body: '{"limit":11}' }, 422, 'request.invalid_limit'],
    ['a forbidden key in the body', '', { method: 'POST', body: '{"__proto__":{}}' }, 422, 'request.forbidden_key'],
    ['a body that is not JSON', '', { method: 'POST', body: '{"limit":' }, 400, 'request.invalid_json'],
    [
      'a body nested too deep',
      '',
      { method: 'POST', body: `{"fields":${'['.repeat(70)}${']'.repeat(70)}}` },
      400,
      'request.json_too_deep',
    ],
    ['a title not found', '', { method: 'POST', body: '{"limit":1}' }, 404, 'article.not_found'],
  ])('refuses %s as the Nest route does', async (name, query, init, status, code) => {
    const path = name === 'a title not found' ? '/v2/articles/No_such_page' : '/v2/articles/Pear';
    const fast = await send(`${path}${query}`, init);
    const routed = await send(`${path.replace('/v2/', '/V2/')}${query}`, init);
    expect(fast.status).toBe(status);
    expect(JSON.parse(fast.text)).toMatchObject({ status, code });
    const same = (text: string): unknown => ({ ...JSON.parse(text), instance: undefined, request_id: undefined });
    expect(same(fast.text)).toEqual(same(routed.text));
  });
});
