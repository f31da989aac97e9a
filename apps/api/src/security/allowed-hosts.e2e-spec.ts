// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * DNS rebinding: a server bound to loopback answers only loopback Host names, on every path
 * (Nest routes, the OpenAPI pages, the lookup fast path); OKAPI_ALLOWED_HOSTS replaces the list.
 */
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, HARNESS_API_TOKEN, startApiHarness } from '@okapi/testing/api-harness';
import { rawRequest } from '@okapi/testing';

jest.setTimeout(60_000);

const PEAR = realDataPath('xml', 'article-pear-0.10.xml');
const TOKEN = { authorization: `Bearer ${HARNESS_API_TOKEN}` };
const PATHS = ['/healthz', '/v2/articles/Pear', '/v2/projects', '/docs/openapi.json', '/', '/nowhere'];

async function statusFor(h: ApiHarness, host: string, path: string): Promise<{ status: number; body: string }> {
  const res = await rawRequest(h.baseUrl, 'GET', path, { headers: { ...TOKEN, host } });
  return { status: res.status, body: res.body };
}

describe('allowed hosts, bound to loopback, default list', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR] });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('refuses a foreign Host with 421 and a stable code on every path, the fast path included', async () => {
    for (const path of PATHS) {
      for (const host of ['evil.example', 'evil.example:80', 'localhost.evil.example', '10.0.0.8']) {
        const { status, body } = await statusFor(h, host, path);
        expect({ path, host, status }).toEqual({ path, host, status: 421 });
        expect(JSON.parse(body)).toMatchObject({ status: 421, code: 'request.host_not_allowed' });
      }
    }
  });

  it('answers the loopback names', async () => {
    const port = new URL(h.baseUrl).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST'])
      expect((await statusFor(h, host, '/v2/articles/Pear')).status).toBe(200);
  });
});

describe('allowed hosts from OKAPI_ALLOWED_HOSTS', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR], env: { OKAPI_ALLOWED_HOSTS: 'okapi.test' } });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('answers the listed names only', async () => {
    expect((await statusFor(h, 'okapi.test:8080', '/v2/articles/Pear')).status).toBe(200);
    expect((await statusFor(h, 'OKAPI.TEST', '/healthz')).status).toBe(200);
    expect((await statusFor(h, '127.0.0.1', '/v2/articles/Pear')).status).toBe(421);
    expect((await statusFor(h, 'other.test', '/healthz')).status).toBe(421);
  });
});
