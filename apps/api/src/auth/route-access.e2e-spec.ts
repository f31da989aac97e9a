// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * Auth is decided on the matched route. Every route the express router holds (read from the
 * router, so a new controller is covered the day it is added) is requested without a token under
 * many spellings of its path and with HEAD and OPTIONS: a protected route answers 401, 404 or 405,
 * never data. The public set is exactly the one SECURITY.md lists.
 */
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { rawRequest } from '@okapi/testing';
import { registeredRoutes } from '../core/registered-routes';

jest.setTimeout(180_000);

const PEAR = realDataPath('xml', 'article-pear-0.10.xml');

/** Route patterns open without a token (method + express pattern). */
const PUBLIC = [
  'GET /',
  'GET /assets/:file',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'POST /v1/login',
  'POST /v1/token-refresh',
  'POST /v1/token-revoke',
];
/** The OpenAPI pages, registered on express by @nestjs/swagger. */
const isDocs = (path: string): boolean => path === '/docs' || path.startsWith('/docs/');

/** Values that would fetch real data if the guard let the request through. */
const PARAMS: Record<string, string> = {
  name: 'Pear',
  id: 'enwiki',
  wiki: 'enwiki',
  pageId: '24278',
  revisionId: '1',
  date: '2024-01-01',
  hour: '00',
  chunk: 'chunk_0',
  file: 'index.js',
};

function concrete(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_, p: string) => PARAMS[p] ?? 'x');
}

function mixedCase(path: string): string {
  let i = 0;
  return path.replace(/[a-z]/gi, (c) => (i++ % 2 ? c.toUpperCase() : c.toLowerCase()));
}

/** Spellings of `path` that a path-text check could miss but a router might still route. */
function variants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const last = segments.length - 1;
  const encodeFirstLetter = (s: string): string =>
    s.replace(/[a-z]/i, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [
    path,
    path.toUpperCase(),
    mixedCase(path),
    `${path}/`,
    `/${path}`,
    path.replace(/\//g, '//'),
    `/${segments.map(encodeFirstLetter).join('/')}`,
    `/${segments.map((s, i) => (i === 0 ? encodeFirstLetter(s) : s)).join('/')}`,
    `/${segments.map((s, i) => (i === last ? encodeFirstLetter(s) : s)).join('/')}`,
    `/x/..${path}`,
    `/${segments.slice(0, last).join('/')}/x/../${segments[last]}`.replace(/^\/\//, '/'),
    `/${segments.slice(0, last).join('/')}/%2e%2e/${segments.join('/')}`.replace(/^\/\//, '/'),
    `/${segments.map((s) => `${s};a=b`).join('/')}`,
    `${path};`,
    `${path}?`,
    `${path}%20`,
  ];
}

describe('every route without a token (auth on, embedded stores)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR] });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('reads a route list from the router that covers every product', () => {
    const paths = registeredRoutes(h.app).map((r) => `${r.methods.join(',')} ${r.path}`);
    for (const expected of [
      'GET /v2/articles/:name',
      'POST /v2/articles',
      'GET /v2/snapshots/:id/download',
      'GET /v2/events',
      'POST /v2/sql',
      'POST /internal/sql',
      'GET /docs',
    ])
      expect(paths).toContain(expected);
  });

  it('mounts no middleware on a path of its own but the OpenAPI assets and the not-found handler', () => {
    // Middleware mounted on a path (express.static, a hand-written handler) answers without any
    // route, so no guard would run: only the public docs assets may be served that way.
    const stack = (h.app.getHttpAdapter().getInstance() as { router: { stack: any[] } }).router.stack;
    const mounted = stack.filter((l) => !l.route && !l.slash).map((l) => `${l.name} ${l.rawPath}`);
    expect(mounted.sort()).toEqual(['handler /{*path}', 'serveStatic /docs']);
  });

  it('opens exactly the public routes', async () => {
    const open: string[] = [];
    for (const route of registeredRoutes(h.app)) {
      if (isDocs(route.path)) continue;
      for (const method of route.methods) {
        const body = method === 'POST' ? '{}' : undefined;
        const res = await rawRequest(h.baseUrl, method, concrete(route.path), { body, maxBytes: 4096 });
        if (res.status !== 401) open.push(`${method} ${route.path}`);
      }
    }
    // token-refresh/revoke answer 422 to `{}`, login 422: they are open, and say why the body is wrong.
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });

  it('answers 401, 404 or 405 (never data) to every spelling, method, HEAD and OPTIONS of a protected route', async () => {
    const leaks: string[] = [];
    let tried = 0;
    for (const route of registeredRoutes(h.app)) {
      if (isDocs(route.path) || route.methods.some((m) => PUBLIC.includes(`${m} ${route.path}`))) continue;
      for (const path of variants(concrete(route.path))) {
        for (const method of new Set([...route.methods, 'HEAD', 'OPTIONS'])) {
          const body = method === 'POST' ? '{"sql":"SELECT 1"}' : undefined;
          const res = await rawRequest(h.baseUrl, method, path, { body, maxBytes: 4096 });
          tried++;
          if (![401, 404, 405].includes(res.status))
            leaks.push(`${method} ${path} -> ${res.status} ${res.body.slice(0, 80)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(tried).toBeGreaterThan(500);
  });

  it('routes other spellings to the same handler, so a path-text check would have leaked them', async () => {
    const token = { authorization: 'Bearer okapi-e2e-static-token-0123456789' };
    for (const path of ['/V2/articles/Pear', '/v2/Articles/Pear/', '/v2/PROJECTS', '/v2/articles/%50ear']) {
      expect((await rawRequest(h.baseUrl, 'GET', path, { headers: token })).status).toBe(200);
      const anonymous = await rawRequest(h.baseUrl, 'GET', path);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      expect(JSON.parse(anonymous.body)).toMatchObject({ status: 401, code: 'auth.missing_token' });
    }
  });
});
