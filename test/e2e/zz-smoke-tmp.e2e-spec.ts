import { join } from 'node:path';
import { startApiHarness, ApiHarness } from '../support/api-harness';
jest.setTimeout(120_000);
let h: ApiHarness;
beforeAll(async () => { h = await startApiHarness({ dumps: [join(__dirname, '../fixtures/xml/article-pear-0.10.xml'), join(__dirname, '../fixtures/xml/pair-0.10.xml')] }); });
afterAll(async () => { await h?.close(); });
it('smoke', async () => {
  for (const p of ['/v2/articles/Pear', '/v2/articles/Pear?fields=name,version.identifier', '/v2/structured-contents/Pear?fields=name,infoboxes', '/v2/projects', '/v2/namespaces/0', '/readyz', '/healthz', '/docs/openapi.json', '/v2/articles/Nope', '/v2/articles/Pear?limit=11']) {
    const r = await h.request(p);
    const t = await r.text();
    console.log(p, r.status, r.headers.get('content-type'), t.slice(0, 300));
  }
  const r = await h.request('/v2/articles/Pear', { auth: false });
  console.log('noauth', r.status, await r.text());
  const m = await (await h.request('/metrics')).text();
  console.log(m.split('\n').filter((l) => l.includes('okapi_http_requests_total')).slice(0, 5).join('\n'));
});
