import { isPlain, normaliseName, parseOnDemandRequest } from './on-demand-request';
import { WmeQueryError } from './wme-query.errors';

const failure = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof WmeQueryError)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected a failure');
};
const parse = (query: unknown, body: unknown) => parseOnDemandRequest('Squirrel', query, body);

describe('on-demand request parsing', () => {
  it('reads fields and filters from a query string (GET) or a body, the body winning', () => {
    const q = parse(
      { fields: 'name,version.identifier', filters: '[{"field":"namespace.identifier","value":0}]', limit: '5' },
      undefined,
    );
    expect(q.fields?.key).toBe('name,version.identifier');
    expect(q.namespace).toBe(0);
    expect(q.limit).toBe(5);
    expect(parse({ limit: '5' }, { limit: 2 }).limit).toBe(2);
    expect(parse({ fields: ['name', 'url'] }, {}).fields?.key).toBe('name,url');
  });

  it('gives the same key to requests that shape the answer the same way', () => {
    const a = parse({ fields: 'url,name', limit: '3' }, undefined);
    const b = parse(undefined, { fields: ['name', 'url'] });
    expect(a.key).toBe(b.key);
    expect(parse(undefined, { fields: ['name'] }).key).not.toBe(a.key);
  });

  it("refuses a bad limit with WME's message", () => {
    expect(failure(() => parse({ limit: '11' }, undefined))).toEqual({
      code: 'request.invalid_limit',
      message: 'limit cannot be greater than 10',
    });
    expect(failure(() => parse({}, { limit: 0 })).code).toBe('request.invalid_limit');
    expect(failure(() => parse({}, { limit: 2.5 })).code).toBe('request.invalid_limit');
    expect(failure(() => parse({ limit: 'abc' }, undefined)).message).toBe('limit must be an integer');
  });

  it('refuses unknown parameters, malformed filters and bodies that are not objects', () => {
    expect(failure(() => parse({ page: '2' }, undefined)).code).toBe('request.unknown_parameter');
    expect(failure(() => parse({}, { filters: [{ field: 'name' }] })).code).toBe('request.invalid_filters');
    expect(failure(() => parse({}, { filters: [{ field: 'name', value: [1] }] })).code).toBe('request.invalid_filters');
    expect(failure(() => parse({}, { fields: [3] })).code).toBe('request.invalid_fields');
    expect(failure(() => parse({}, 'text')).code).toBe('request.invalid_body');
    expect(failure(() => parse({ revision: '3', as_of: '2020-01-01T00:00:00Z' }, undefined)).code).toBe(
      'request.conflicting_parameters',
    );
    expect(failure(() => parse({ revision: '0' }, undefined)).code).toBe('request.invalid_revision');
    expect(failure(() => parse({ as_of: 'yesterday' }, undefined)).code).toBe('request.invalid_as_of');
  });

  it('accepts the WME SDK Request members it does not apply', () => {
    const sdk = { since: '2024-01-01T00:00:00Z', parts: [0], offsets: { '0': 1 }, since_per_partition: {} };
    expect(isPlain(parse(undefined, sdk))).toBe(true);
  });

  it.each([
    [{ fields: ['__proto__'] }],
    [{ fields: ['version.constructor'] }],
    [{ filters: [{ field: 'constructor', value: 'x' }] }],
    [{ filters: [{ field: 'prototype', value: 'x' }] }],
    [JSON.parse('{"__proto__": {"limit": 1}}')],
    [{ offsets: JSON.parse('{"__proto__": 1}') as unknown }],
  ])('refuses the forbidden key in %j with request.forbidden_key', (body) => {
    expect(failure(() => parse(undefined, body)).code).toBe('request.forbidden_key');
    expect(({} as Record<string, unknown>).limit).toBeUndefined();
  });

  it('normalises names and bounds them to 255 bytes', () => {
    expect(normaliseName('Albert_Einstein')).toBe('Albert Einstein');
    expect(failure(() => normaliseName('__')).code).toBe('request.invalid_name');
    expect(normaliseName('x'.repeat(255))).toHaveLength(255);
    expect(failure(() => normaliseName('é'.repeat(128))).message).toContain('255 bytes');
    expect(normaliseName('😀'.repeat(63))).toHaveLength(126);
    expect(failure(() => normaliseName('😀'.repeat(64))).code).toBe('request.invalid_name');
  });

  it('pushes wiki and namespace filters down to the read model and keeps the rest as a predicate', () => {
    const q = parse(
      {},
      {
        filters: [
          { field: 'is_part_of.identifier', value: 'dewiki' },
          { field: 'namespace.identifier', value: 0 },
          { field: 'in_language.identifier', value: 'de' },
        ],
      },
    );
    expect([q.wiki, q.namespace, q.limit]).toEqual(['dewiki', 0, 3]);
    expect(q.predicate?.({ in_language: { identifier: 'de' } })).toBe(true);
    expect(q.predicate?.({ in_language: { identifier: 'en' } })).toBe(false);
    expect(isPlain(q)).toBe(false);
    expect(isPlain(parse({}, {}))).toBe(true);
  });

  it('refuses unknown fields and filters with the shared codes', () => {
    expect(failure(() => parse({}, { fields: ['nonsense'] })).code).toBe('request.invalid_fields');
    expect(failure(() => parse({}, { filters: [{ field: 'categories', value: 'x' }] })).code).toBe(
      'request.invalid_filters',
    );
  });

  it('selects structured parts whole for structured contents, and refuses them for Articles', () => {
    const sc = parseOnDemandRequest('X', undefined, { fields: ['name', 'infoboxes'] }, 'structured');
    expect(sc.fields?.apply({ name: 'X', infoboxes: [1], url: 'u' })).toEqual({ name: 'X', infoboxes: [1] });
    expect(failure(() => parse(undefined, { fields: ['infoboxes'] })).code).toBe('request.invalid_fields');
  });
});
