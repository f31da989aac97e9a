import { OkapiError } from '@okapi/adapters/errors/okapi-error';
import { parseLookupRequest } from './lookup-request.dto';
import { isPlain, normaliseName, toOnDemandQuery } from './on-demand-query';

const failure = (fn: () => unknown): { code: string; status: number; message: string } => {
  try {
    fn();
  } catch (e) {
    const err = e as OkapiError;
    return { code: err.code, status: err.status, message: err.message };
  }
  throw new Error('expected a failure');
};

describe('on-demand request parsing', () => {
  it('reads fields and filters from a query string (GET) or a body, the body winning', () => {
    const q = parseLookupRequest(
      { fields: 'name,version.identifier', filters: '[{"field":"namespace.identifier","value":0}]', limit: '5' },
      undefined,
    );
    expect(q.fields).toEqual(['name', 'version.identifier']);
    expect(q.filters).toEqual([{ field: 'namespace.identifier', value: 0 }]);
    expect(q.limit).toBe(5);
    expect(parseLookupRequest({ limit: '5' }, { limit: 2 }).limit).toBe(2);
    expect(parseLookupRequest({ fields: ['name', 'url'] }, {}).fields).toEqual(['name', 'url']);
  });

  it("refuses a bad limit with WME's message", () => {
    expect(failure(() => parseLookupRequest({ limit: '11' }, undefined))).toEqual({
      code: 'request.invalid_limit',
      status: 422,
      message: 'limit cannot be greater than 10',
    });
    expect(failure(() => parseLookupRequest({}, { limit: 0 })).code).toBe('request.invalid_limit');
    expect(failure(() => parseLookupRequest({}, { limit: 2.5 })).code).toBe('request.invalid_limit');
    // Not a number at all: say so, rather than the range message that also fails.
    expect(failure(() => parseLookupRequest({ limit: 'abc' }, undefined)).message).toBe('limit must be an integer');
  });

  it('refuses unknown parameters, malformed filters and bodies that are not objects', () => {
    expect(failure(() => parseLookupRequest({ page: '2' }, undefined)).code).toBe('request.unknown_parameter');
    expect(failure(() => parseLookupRequest({}, { filters: [{ field: 'name' }] })).code).toBe(
      'request.invalid_filters',
    );
    expect(failure(() => parseLookupRequest({}, { filters: [{ field: 'name', value: [1] }] })).code).toBe(
      'request.invalid_filters',
    );
    expect(failure(() => parseLookupRequest({}, { fields: [3] })).code).toBe('request.invalid_fields');
    expect(failure(() => parseLookupRequest({}, 'text')).code).toBe('request.invalid_body');
    expect(failure(() => parseLookupRequest({ revision: '3', as_of: '2020-01-01T00:00:00Z' }, undefined)).code).toBe(
      'request.conflicting_parameters',
    );
  });

  it('normalises names and bounds them to 255 bytes', () => {
    expect(normaliseName('Albert_Einstein')).toBe('Albert Einstein');
    expect(failure(() => normaliseName('__')).code).toBe('request.invalid_name');
    expect(normaliseName('x'.repeat(255))).toHaveLength(255);
    expect(failure(() => normaliseName('é'.repeat(128))).message).toContain('255 bytes');
  });

  it('pushes wiki and namespace filters down to the read model and keeps the rest as a predicate', () => {
    const q = toOnDemandQuery(
      'Squirrel',
      parseLookupRequest(
        {},
        {
          filters: [
            { field: 'is_part_of.identifier', value: 'dewiki' },
            { field: 'namespace.identifier', value: 0 },
            { field: 'in_language.identifier', value: 'de' },
          ],
        },
      ),
    );
    expect([q.wiki, q.namespace, q.limit]).toEqual(['dewiki', 0, 3]);
    expect(q.predicate?.({ in_language: { identifier: 'de' } })).toBe(true);
    expect(q.predicate?.({ in_language: { identifier: 'en' } })).toBe(false);
    expect(isPlain(q)).toBe(false);
    expect(isPlain(toOnDemandQuery('Squirrel', parseLookupRequest({}, {})))).toBe(true);
  });

  it('re-codes the shared fields/filters errors for on-demand', () => {
    expect(failure(() => toOnDemandQuery('X', parseLookupRequest({}, { fields: ['nonsense'] })))).toMatchObject({
      code: 'request.invalid_fields',
      status: 422,
    });
    expect(
      failure(() => toOnDemandQuery('X', parseLookupRequest({}, { filters: [{ field: 'categories', value: 'x' }] }))),
    ).toMatchObject({ code: 'request.invalid_filters', status: 422 });
  });
});
