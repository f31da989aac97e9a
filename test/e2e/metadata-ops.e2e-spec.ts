// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * Metadata in WME shapes (compared with the real WME SDK fixtures) and the operational
 * endpoints: /healthz, /readyz, /metrics, /docs, request ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';

jest.setTimeout(120_000);

const META = realDataPath('enterprise');
const fixture = (file: string): any => JSON.parse(readFileSync(join(META, file), 'utf8'));
const PEAR = realDataPath('xml', 'article-pear-0.10.xml');

describe('metadata and operations', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR], env: { OKAPI_SOURCES: 'eventstreams:dewiki,frwiktionary' } });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  const json = async (path: string, init?: RequestInit): Promise<{ status: number; body: any; res: Response }> => {
    const res = await h.request(path, init);
    return { status: res.status, body: await res.json(), res };
  };

  it('lists the projects Okapi has seen plus the configured ones, as WME records', async () => {
    const { status, body } = await json('/v2/projects');
    expect(status).toBe(200);
    const all: any[] = fixture('projects.json');
    const real = (id: string): any => all.find((p) => p.identifier === id);
    // Names are the project family's (WME's frwiktionary says "Wiktionnaire"); the rest as WME's.
    const unnamed = ({ name: _name, ...rest }: any): any => rest;
    expect(body.map(unnamed)).toEqual([real('dewiki'), real('enwiki'), real('frwiktionary')].map(unnamed));
    expect(body.map((p: any) => p.name)).toEqual(['Wikipedia', 'Wikipedia', 'Wiktionary']);
    expect((await json('/v2/projects/enwiki')).body).toEqual(fixture('project.json'));
    expect((await json('/v2/projects/xxwiki')).body).toMatchObject({ status: 404, code: 'metadata.not_found' });
  });

  it('filters and projects metadata with GET or POST', async () => {
    const q = encodeURIComponent(JSON.stringify([{ field: 'in_language.identifier', value: 'de' }]));
    expect((await json(`/v2/projects?filters=${q}&fields=identifier`)).body).toEqual([{ identifier: 'dewiki' }]);
    const post = await json('/v2/projects', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['identifier', 'code'], filters: [{ field: 'code', value: 'wiktionary' }] }),
    });
    expect(post).toMatchObject({ status: 200, body: [{ identifier: 'frwiktionary', code: 'wiktionary' }] });
    expect((await json('/v2/projects?fields=secret')).body).toMatchObject({
      status: 422,
      code: 'request.invalid_fields',
    });
    expect((await json('/v2/projects?limits=3')).body).toMatchObject({
      status: 422,
      code: 'request.unknown_parameter',
    });
    expect((await json('/v2/projects?limit=3')).status).toBe(200); // a WME Request member: accepted, ignored
  });

  it("serves the served projects' languages and WME's namespaces, as WME's real records say", async () => {
    const languages = await json('/v2/languages');
    const served = ['de', 'en', 'fr'].map((id) => fixture('languages.json').find((l: any) => l.identifier === id));
    expect(languages.body).toEqual(served);
    expect((await json('/v2/languages/en')).body).toEqual(fixture('language.json'));
    expect((await json('/v2/languages/zz-nope')).status).toBe(404);
    const named = (n: any): any => ({ identifier: n.identifier, name: n.name });
    expect((await json('/v2/namespaces')).body.map(named)).toEqual(fixture('namespaces.json').map(named));
    expect(named((await json('/v2/namespaces/6')).body)).toEqual(named(fixture('namespace.json')));
    expect((await json('/v2/namespaces/abc')).body).toMatchObject({ status: 422, code: 'request.invalid_namespace' });
    expect((await json('/v2/codes/wiki')).body).toEqual(fixture('code.json'));
  });

  it('answers /healthz and /readyz with every dependency checked', async () => {
    expect((await json('/healthz', { auth: false } as RequestInit)).body).toEqual({ status: 'ok' });
    const ready = await json('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.checks).sort()).toEqual(['analytics', 'bus', 'dead_letters', 'event_store']);
  });

  it('exposes Prometheus metrics for the requests it served', async () => {
    await h.request('/v2/articles/Pear');
    const res = await h.request('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/okapi_http_requests_total\{method="GET",route="\/v2\/articles\/:name",status="200"\} \d+/);
    expect(text).toMatch(/okapi_lookup_total\{outcome="found"\} [1-9]/);
    expect(text).toMatch(/okapi_\w*process_cpu_user_seconds_total/);
  });

  it('publishes an OpenAPI document generated from the controllers', async () => {
    const { body } = await json('/docs/openapi.json');
    for (const path of [
      '/v2/articles/{name}',
      '/v2/structured-contents/{name}',
      '/v2/projects',
      '/v2/languages/{id}',
      '/v1/login',
      '/v1/token-refresh',
      '/readyz',
    ]) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(body.paths['/v2/articles/{name}'].post).toBeDefined();
    expect(body.components.securitySchemes.bearer).toBeDefined();
    expect((await h.request('/docs')).status).toBe(200);
  });

  it('echoes a caller request id, or makes one', async () => {
    const given = await h.request('/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const made = await h.request('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
