// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { BulkMetadata } from '@okapi/adapters/bulk';
import { matches, parseMetadataQuery, project } from './metadata-query';

// Real WME batch metadata (wme-sdk-go testdata), 566 records.
const BATCHES: BulkMetadata[] = JSON.parse(readFileSync(realDataPath('enterprise', 'batches.json'), 'utf8'));
const ids = (q: ReturnType<typeof parseMetadataQuery>): string[] =>
  BATCHES.filter((m) => matches(m, q)).map((m) => m.identifier);
const json = (v: unknown): string => JSON.stringify(v);

describe('bulk metadata fields and filters (WME forms, shared parser)', () => {
  it('filters by language and namespace (ANDed), number given as string or number', () => {
    const body = parseMetadataQuery(
      {},
      {
        filters: [
          { field: 'in_language.identifier', value: 'zh' },
          { field: 'namespace.identifier', value: '14' },
        ],
      },
    );
    expect(ids(body)).toEqual(['zhwiki_namespace_14', 'zhwikiquote_namespace_14', 'zhwiktionary_namespace_14']);
    const query = parseMetadataQuery(
      {
        filters: json([
          { field: 'in_language.identifier', value: 'zh' },
          { field: 'namespace.identifier', value: 14 },
        ]),
      },
      undefined,
    );
    expect(ids(query)).toEqual(ids(body));
  });

  it('filters by is_part_of.identifier from JSON query text', () => {
    const byWiki = parseMetadataQuery(
      { filters: json([{ field: 'is_part_of.identifier', value: 'abwiki' }]) },
      undefined,
    );
    expect(ids(byWiki)).toEqual(['abwiki_namespace_0', 'abwiki_namespace_10', 'abwiki_namespace_14']);
  });

  it('lets the body win over the query for the same parameter (GET with a JSON body)', () => {
    const q = parseMetadataQuery(
      { filters: json([{ field: 'is_part_of.identifier', value: 'abwiki' }]) },
      { filters: [{ field: 'namespace.identifier', value: 6 }] },
    );
    expect(ids(q).every((id) => id.endsWith('_namespace_6'))).toBe(true);
    expect(ids(q).length).toBeGreaterThan(3);
  });

  it('projects dotted fields and whole objects, keeping WME key order', () => {
    const q = parseMetadataQuery({ fields: 'size.value,identifier,namespace.*' }, undefined);
    expect(project(BATCHES[0], q)).toEqual({
      identifier: 'abwiki_namespace_0',
      namespace: { identifier: 0 },
      size: { value: 0.038 },
    });
    expect(Object.keys(project(BATCHES[0], q))).toEqual(['identifier', 'namespace', 'size']);
    expect(project(BATCHES[0], parseMetadataQuery({}, { fields: ['is_part_of.*'] }))).toEqual({
      is_part_of: BATCHES[0].is_part_of,
    });
    expect(project(BATCHES[0], parseMetadataQuery({ fields: '' }, undefined))).toEqual(BATCHES[0]);
  });

  it.each([
    [{ fields: ['nope'] }, 'request.invalid_fields', 'unknown field'],
    [{ fields: [7] }, 'request.invalid_fields', 'must be an array of strings'],
    [{ filters: [{ field: 'chunks', value: 'x' }] }, 'request.invalid_filters', 'cannot filter on "chunks"'],
    [{ filters: [{ field: 'namespace.identifier', value: 'zero' }] }, 'request.invalid_filters', 'needs an integer'],
    [{ filters: [{ field: 'namespace.identifier', value: true }] }, 'request.invalid_filters', 'needs an integer'],
    [{ filters: [{ field: 'identifier', value: { a: 1 } }] }, 'request.invalid_filters', 'string, number or boolean'],
    [{ filters: [{ field: 'identifier' }] }, 'request.invalid_filters', 'needs a string, number or boolean'],
    [{ filters: { field: 'identifier', value: 'x' } }, 'request.invalid_filters', '"filters" must be an array'],
    [{ limits: 3 }, 'request.unknown_parameter', 'unknown parameter "limits" (one of: since, fields, filters, limit,'],
  ])('rejects body %j with 422 %s', (body, code, message) => {
    expect(() => parseMetadataQuery({}, body)).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    );
  });

  it.each([
    // The retired Okapi-only `field:value` form is not JSON, so it is malformed like any other text.
    [{ filters: 'is_part_of.identifier:abwiki' }, 'request.invalid_filters', 'not valid JSON'],
    [{ filters: '[{"field":' }, 'request.invalid_filters', 'not valid JSON'],
    [{ filter: '[]' }, 'request.unknown_parameter', 'unknown parameter "filter"'],
  ])('rejects query %j with 422 %s', (query, code, message) => {
    expect(() => parseMetadataQuery(query, undefined)).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    );
  });

  it('selects a whole object by its bare name, as the other WME endpoints do', () => {
    expect(project(BATCHES[0], parseMetadataQuery({}, { fields: ['namespace'] }))).toEqual({
      namespace: BATCHES[0].namespace,
    });
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() => parseMetadataQuery({}, [1])).toThrow(expect.objectContaining({ code: 'request.invalid_body' }));
  });
});
