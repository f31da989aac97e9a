import { applyRecordQuery, BULK_SCHEMA, parseRecordRequest, PROJECT_SCHEMA } from './record-request';
import { WmeQueryError } from './wme-query.errors';

const PROJECTS = [
  {
    name: 'Wikipedia',
    identifier: 'enwiki',
    url: 'https://en.wikipedia.org',
    code: 'wiki',
    in_language: { identifier: 'en' },
  },
  {
    name: 'Wiktionary',
    identifier: 'dewiktionary',
    url: 'https://de.wiktionary.org',
    code: 'wiktionary',
    in_language: { identifier: 'de' },
  },
];
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof WmeQueryError) return e.code;
    throw e;
  }
  return 'none';
};

describe('fields and filters over metadata records (the same grammar as Articles)', () => {
  it('filters by exact value on dotted paths and projects fields, in the record key order', () => {
    const q = parseRecordRequest(
      { filters: '[{"field":"in_language.identifier","value":"de"}]', fields: 'in_language.*,identifier' },
      undefined,
      PROJECT_SCHEMA,
    );
    const out = applyRecordQuery(PROJECTS, q);
    expect(out).toEqual([{ identifier: 'dewiktionary', in_language: { identifier: 'de' } }]);
    expect(Object.keys(out[0])).toEqual(['identifier', 'in_language']);
    expect(
      applyRecordQuery(
        PROJECTS,
        parseRecordRequest({}, { filters: [{ field: 'code', value: 'wiki' }] }, PROJECT_SCHEMA),
      ),
    ).toEqual([PROJECTS[0]]);
  });

  it('accepts and ignores the SDK Request members it does not apply', () => {
    const sdk = { limit: 3, since: '2024-01-01T00:00:00Z', parts: [0], offsets: { '0': 1 }, since_per_partition: {} };
    expect(applyRecordQuery(PROJECTS, parseRecordRequest({}, sdk, PROJECT_SCHEMA))).toEqual(PROJECTS);
  });

  it.each([
    [{ fields: 'password' }, 'request.invalid_fields'],
    [{ limits: '3' }, 'request.unknown_parameter'],
    [{ filters: '{nope' }, 'request.invalid_filters'],
    [{ filters: '[{"field":"code"}]' }, 'request.invalid_filters'],
    [{ filters: '[{"field":"constructor","value":"x"}]' }, 'request.forbidden_key'],
    [{ fields: 'in_language.__proto__' }, 'request.forbidden_key'],
    [{ limit: 'many' }, 'request.invalid_limit'],
  ])('refuses %j with %s', (query, code) => {
    expect(codeOf(() => parseRecordRequest(query, undefined, PROJECT_SCHEMA))).toBe(code);
  });

  it('never reads through the prototype chain (a filter on "toString" finds no field)', () => {
    expect(codeOf(() => parseRecordRequest({ filters: '[{"field":"toString","value":"x"}]' }, {}, BULK_SCHEMA))).toBe(
      'request.invalid_filters',
    );
    expect(codeOf(() => parseRecordRequest({ fields: 'hasOwnProperty' }, {}, BULK_SCHEMA))).toBe(
      'request.invalid_fields',
    );
  });

  it('types bulk filters: numbers as numbers or numeric text, never booleans', () => {
    const meta = { identifier: 'a', namespace: { identifier: 14 }, size: { value: 0.5, unit_text: 'MB' } };
    const q = (value: unknown) =>
      parseRecordRequest({}, { filters: [{ field: 'namespace.identifier', value }] }, BULK_SCHEMA);
    expect(applyRecordQuery([meta], q('14'))).toHaveLength(1);
    expect(applyRecordQuery([meta], q(14))).toHaveLength(1);
    expect(applyRecordQuery([meta], q(6))).toHaveLength(0);
    expect(codeOf(() => q(true))).toBe('request.invalid_filters');
    expect(codeOf(() => q('zero'))).toBe('request.invalid_filters');
  });
});
