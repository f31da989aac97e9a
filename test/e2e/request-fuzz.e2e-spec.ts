// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * No request value becomes a key of a plain object, and no request crashes the server: random
 * dotted paths, filter objects, query strings and nested JSON bodies (with `__proto__`,
 * `constructor`, `prototype` among the names) are thrown at every route the router has. Each
 * answer is 2xx-4xx, Object.prototype is unchanged after each, and the server still answers.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { jsonText } from '@okapi/projections';
import { ifSetUp, realDataPath } from '@okapi/testing';
import { ApiHarness, HARNESS_API_TOKEN, startApiHarness } from '@okapi/testing/api-harness';

jest.setTimeout(180_000);

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const NAMES = [...FORBIDDEN, 'toString', 'hasOwnProperty', 'valueOf', 'polluted', 'x'];
const WME = ['fields', 'filters', 'limit', 'since', 'parts', 'offsets', 'since_per_partition', 'offset', 'revision'];
const SEGMENTS = [
  ...NAMES,
  'name',
  'version',
  'identifier',
  'is_part_of',
  'namespace',
  'in_language',
  'editor',
  '*',
  '',
];

const segment = fc.oneof(fc.constantFrom(...SEGMENTS), fc.string({ maxLength: 6 }));
const dottedPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('.'));
const key = fc.oneof(fc.constantFrom(...NAMES, ...WME, 'field', 'value'), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), dottedPath);
const nested = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }),
})).value;
const filter = fc.oneof(
  fc.record({ field: dottedPath, value: scalar }),
  fc.array(fc.tuple(key, scalar), { maxLength: 3 }),
);

/** JSON text whose objects may carry any key, `__proto__` included (written as text, not assigned). */
function toJson(v: unknown): string {
  if (Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string'))
    return `{${v.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as { field: string; value: unknown };
    return `{"field":${JSON.stringify(o.field)},"value":${toJson(o.value)}}`;
  }
  return jsonText(v) ?? 'null';
}

const bodyMember = fc.oneof(
  fc.tuple(fc.constant('fields'), fc.array(dottedPath, { maxLength: 4 })),
  fc.tuple(fc.constant('filters'), fc.array(filter, { maxLength: 3 })),
  fc.tuple(key, nested),
);
const body = fc.oneof(
  fc.array(bodyMember, { maxLength: 4 }).map(toJson),
  nested.map(toJson),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '[]', '"x"'),
);
const queryParam = fc.oneof(
  fc.tuple(
    fc.constant('fields'),
    fc.array(dottedPath, { maxLength: 3 }).map((p) => p.join(',')),
  ),
  fc.tuple(fc.constant('filters'), fc.array(filter, { maxLength: 3 }).map(toJson)),
  fc.tuple(
    fc.oneof(key, fc.constantFrom('__proto__[polluted]', 'a[__proto__][polluted]', 'constructor[prototype]')),
    fc.oneof(fc.string({ maxLength: 10 }), nested.map(toJson)),
  ),
);
const pathParam = fc.constantFrom('Pear', 'enwiki', '0', '2024-03-05', '07', ...FORBIDDEN, 'x.y', '%2e%2e');

interface Route {
  readonly path: string;
  readonly methods: readonly string[];
}

/** Every route the express router holds (Nest registers each controller method there). */
function routesOf(h: ApiHarness): Route[] {
  const express = h.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack
    .flatMap((l) => (l.route ? [l.route] : []))
    .map((route) => ({
      path: route.path,
      methods: Object.keys(route.methods)
        .filter((m) => route.methods[m] && m !== '_all')
        .map((m) => m.toUpperCase()),
    }));
}

/**
 * One request with node:http (GET may carry a JSON body, as the Go SDK sends it); resolves with
 * the status once the head arrives, then drops the connection (streams never end by themselves).
 */
function send(baseUrl: string, method: string, path: string, body: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${HARNESS_API_TOKEN}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = httpRequest(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
    req.end(body);
  });
}

function prototypeState(): string {
  return JSON.stringify(
    Object.getOwnPropertyNames(Object.prototype)
      .sort()
      .map((n) => [n, typeof (Object.prototype as Record<string, unknown>)[n]]),
  );
}

describe('random WME requests at every endpoint', () => {
  let h: ApiHarness;
  let routes: Route[];
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [realDataPath('xml', 'article-pear-0.10.xml')] });
    routes = routesOf(h);
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('finds the WME routes in the router', () => {
    const paths = routes.map((r) => r.path);
    for (const p of ['/v2/articles', '/v2/articles/:name', '/v2/projects', '/v2/snapshots', '/v2/batches/:date/:hour'])
      expect(paths).toContain(p);
  });

  it('answers 2xx-4xx, leaves Object.prototype alone and keeps answering', async () => {
    const before = prototypeState();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.array(pathParam, { minLength: 4, maxLength: 4 }),
        fc.array(queryParam, { maxLength: 4 }),
        fc.option(body, { nil: undefined }),
        async (r, m, params, query, text) => {
          const route = routes[r % routes.length];
          const method = route.methods[m % route.methods.length];
          let i = 0;
          const path = route.path.replace(/:\w+/g, () => encodeURIComponent(params[i++ % params.length]));
          const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const status = await send(h.baseUrl, method, `${path}${qs ? `?${qs}` : ''}`, text);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(500);
          expect(prototypeState()).toBe(before);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 400, seed: 19_12 },
    );
    // The runs reached more than the front door: some lookups answered, many were refused.
    expect(statuses.get(422) ?? 0).toBeGreaterThan(20);
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    const health = await h.request('/healthz', { auth: false });
    expect(health.status).toBe(200);
  });

  it.each([
    ['/v2/articles/Pear', '{"fields":["__proto__.polluted"]}'],
    ['/v2/articles/Pear', '{"filters":[{"field":"constructor.prototype","value":1}]}'],
    ['/v2/articles/Pear', '{"__proto__":{"limit":1}}'],
    ['/v2/projects', '{"filters":[{"field":"in_language.__proto__","value":"x"}]}'],
    ['/v2/snapshots', '{"offsets":{"__proto__":{"polluted":1}}}'],
    ['/v2/articles', '{"fields":["prototype"]}'],
    ['/v1/login', '{"username":"tester","password":"x","__proto__":{"admin":true}}'],
    ['/v2/sql', '{"query":"SELECT 1","constructor":{"prototype":{"polluted":1}}}'],
  ])('refuses forbidden names in %s %s with 422 request.forbidden_key', async (path, text) => {
    const res = await h.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ status: 422, code: 'request.forbidden_key' });
  });
});
