// @real-data
/**
 * The console's endpoints over HTTP on a running app fed with the real XML fixtures: every data
 * route needs the bearer token, bad parameters are 422 with stable codes, SQL goes through the
 * read-only path, and the static console is served with a strict Content-Security-Policy.
 */
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { parseJsonEachRow } from '@okapi/adapters/clickhouse';

jest.setTimeout(120_000);

const PEAR = 24278;
const PEAR_REVISION = 638548877;

describe('console API (HTTP)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({
      dumps: [realDataPath('xml', 'article-pear-0.10.xml'), realDataPath('xml', 'pair-0.10.xml')],
    });
  });
  afterAll(() => ifSetUp(api)?.close());

  const json = async (path: string, init?: Parameters<ApiHarness['request']>[1]) => {
    const res = await api.request(path, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
  };

  it.each(['/v2/console/overview', '/v2/console/rates', '/v2/console/flagged', '/v2/console/lag', '/v2/sql/schema'])(
    '%s needs a bearer token',
    async (path) => {
      const res = await api.request(path, { auth: false });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    },
  );

  it('answers the overview and a page history from the imported dumps', async () => {
    const overview = await json('/v2/console/overview');
    expect(overview.body).toMatchObject({
      head: expect.any(Number),
      wikis: [
        { wiki: 'enwiki', namespace: 0 },
        { wiki: 'enwiki', namespace: 1 },
      ],
    });
    const history = await json(`/v2/console/pages/enwiki/${PEAR}/revisions`);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({
        revision_id: PEAR_REVISION,
        title: 'Pear',
        flag: expect.stringMatching(/^(ok|suspect)$/),
      }),
    ]);
  });

  it('serves one revision with its wikitext, even one that was a redirect', async () => {
    const pear = await json(`/v2/console/pages/enwiki/${PEAR}/revisions/${PEAR_REVISION}`);
    expect(pear.body).toMatchObject({ revision_id: PEAR_REVISION, text_hidden: false });
    expect(String(pear.body.text)).toContain("The '''pear''' is");
    const redirect = await json('/v2/console/pages/enwiki/19252820/revisions/237382899');
    expect(String(redirect.body.text)).toMatch(/^#REDIRECT/i);
    expect((await json('/v2/console/pages/enwiki/19252820/revisions/1')).body).toMatchObject({
      status: 404,
      code: 'revision.not_found',
    });
  });

  it.each([
    ['/v2/console/rates?minutes=0', 'request.invalid_parameter'],
    ['/v2/console/rates?window=5', 'request.unknown_parameter'],
    ['/v2/console/flagged?status=maybe', 'request.invalid_parameter'],
    ['/v2/console/pages/en%27wiki/1/revisions', 'request.invalid_wiki'],
    ['/v2/console/pages/enwiki/abc/revisions', 'request.invalid_parameter'],
    ['/v2/console/pages/enwiki/1/diff', 'request.invalid_parameter'],
  ])('refuses %s with 422 %s', async (path, code) => {
    const res = await json(path);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, code });
  });

  it('runs read-only SQL as NDJSON and refuses writes and malformed bodies', async () => {
    const res = await api.request('/v2/sql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT title, count() AS n FROM revisions FINAL GROUP BY title ORDER BY title' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const rows = parseJsonEachRow<{ title: string; n: number }>(await res.text());
    expect(rows.map((r) => r.title)).toEqual(['Pear', 'Talk:Çullu, Agdam', 'Çullu, Agdam']);

    const post = (body: unknown) =>
      json('/v2/sql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ sql: 'DROP TABLE revisions' })).body).toMatchObject({
      status: 400,
      code: 'analytics.read_only',
    });
    expect((await post({ sql: "INSERT INTO revisions (wiki) VALUES ('x')" })).status).toBe(400);
    expect((await post({ sql: 'SELECT nope FROM revisions' })).status).toBe(400);
    expect((await post({ sql: 42 })).status).toBe(422);
    expect((await post({ sql: 'SELECT 1', format: 'CSV' })).status).toBe(422);
    const unauthenticated = await api.request('/v2/sql', { method: 'POST', auth: false, body: '{"sql":"SELECT 1"}' });
    expect(unauthenticated.status).toBe(401);
  });

  it('describes the documented tables', async () => {
    const schema = await json('/v2/sql/schema');
    expect((schema.body as { table: string }[]).map((t) => t.table)).toEqual([
      'articles_current',
      'article_versions_hourly',
      'article_documents',
      'revisions',
      'projection_checkpoints',
    ]);
  });

  it('lists no batch hours on a fresh data dir, and each projection caught up', async () => {
    expect((await json('/v2/console/batch-hours')).body).toEqual([]);
    const lag = await json('/v2/console/lag');
    expect(lag.body).toMatchObject({
      head: expect.any(Number),
      projections: expect.arrayContaining([expect.objectContaining({ projection: 'revisions', lag: 0 })]),
    });
  });

  it('serves the console page publicly, with a strict Content-Security-Policy', async () => {
    const res = await api.request('/', { auth: false });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toMatch(/Okapi console/);
  });

  it.each(['/assets/..%2F..%2F..%2Fpackage.json', '/assets/.source-hash', '/assets/nope.js'])(
    'answers 404 for %s, never a file outside the build',
    async (path) => {
      const res = await api.request(path, { auth: false });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('"dependencies"');
    },
  );
});
