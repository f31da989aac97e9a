// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * Load shedding: past OKAPI_MAX_INFLIGHT requests in progress, a request is answered at once with
 * 503, `Retry-After` and a WME error body; health probes still answer; once a slot frees, requests
 * are served again.
 */
import { connect, Socket } from 'node:net';
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, HARNESS_API_TOKEN, startApiHarness } from '@okapi/testing/api-harness';
import { waitFor } from '@okapi/testing';

jest.setTimeout(60_000);

describe('load shedding at the in-flight bound', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({
      dumps: [realDataPath('xml', 'article-pear-0.10.xml')],
      env: { OKAPI_MAX_INFLIGHT: '2' },
    });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  /** A lookup whose body never finishes arriving: it holds an in-flight slot until closed. */
  function holdSlot(): Promise<Socket> {
    const { port } = new URL(h.baseUrl);
    return new Promise((resolve, reject) => {
      const s = connect(Number(port), '127.0.0.1', () => {
        s.write(
          `POST /v2/articles/Pear HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${HARNESS_API_TOKEN}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"limit":',
        );
        resolve(s);
      });
      s.on('error', reject);
    });
  }

  it('answers 503 with Retry-After past the bound, keeps probes answering, and recovers', async () => {
    expect((await h.request('/v2/articles/Pear')).status).toBe(200);
    const held = [await holdSlot(), await holdSlot()];
    await waitFor(async () => (await h.request('/v2/projects')).status === 503);

    const shed = await h.request('/v2/articles/Pear', { method: 'POST', body: '{"limit":1}' });
    expect(shed.status).toBe(503);
    // 1 s, or spread over more seconds when most requests were refused (RetryAfterSpread).
    expect(shed.headers.get('retry-after')).toMatch(/^[1-4]$/);
    expect(await shed.json()).toMatchObject({ status: 503, code: 'server.overloaded' });
    expect((await h.request('/healthz', { auth: false })).status).toBe(200);
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).toMatch(/^okapi_http_shed_total [1-9]/m);

    for (const s of held) s.destroy();
    await waitFor(async () => (await h.request('/v2/articles/Pear')).status === 200);
    expect((await h.request('/v2/projects')).status).toBe(200);
  });
});
