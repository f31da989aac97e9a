// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * `POST /internal/sql` (what `okapi sql` uses next to a running server) needs the server's local
 * secret from its data directory, with auth on or off: a bearer token is not enough, and a page
 * in a browser (DNS rebinding) or another local user cannot read the file.
 */
import { readLocalSecret } from '@okapi/adapters/runtime';
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { must } from '@okapi/domain';

jest.setTimeout(60_000);

const PEAR = realDataPath('xml', 'article-pear-0.10.xml');

describe.each(['enabled', 'disabled'])('POST /internal/sql with OKAPI_AUTH=%s', (auth) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR], env: { OKAPI_AUTH: auth } });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  const post = (headers: Record<string, string>, bearer = false) =>
    h.request('/internal/sql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ sql: 'SELECT count() AS n FROM revisions FINAL' }),
      auth: bearer,
    });

  it('refuses a caller without the secret, with a wrong one, or with only a bearer token', async () => {
    for (const [headers, bearer] of [
      [{}, false],
      [{}, true],
      [{ 'okapi-local-secret': 'guess' }, true],
      [{ 'okapi-local-secret': `${readLocalSecret(h.dir.path)}x` }, false],
    ] as const) {
      const res = await post(headers, bearer);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ status: 401, code: 'auth.local_secret_required' });
    }
  });

  it('answers the CLI, which reads the secret from the data directory', async () => {
    const res = await post({ 'okapi-local-secret': must(readLocalSecret(h.dir.path), 'the local secret') });
    expect(res.status).toBe(200);
    const n = Number((JSON.parse(await res.text()) as { n: unknown }).n);
    expect(n).toBeGreaterThan(0);
    expect(n).toBe(await countRevisions(h));
  });
});

async function countRevisions(h: ApiHarness): Promise<number> {
  const rows = await h.runtime.analytics.query<{ n: string | number }>('SELECT count() AS n FROM revisions FINAL');
  return Number(rows[0].n);
}
