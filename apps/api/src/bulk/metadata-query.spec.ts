import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulkMetadata } from '@okapi/adapters/bulk/bulk-metadata';
import { matches, parseMetadataQuery, project } from './metadata-query';

// Real WME batch metadata (wme-sdk-go testdata), 566 records.
const BATCHES: BulkMetadata[] = JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures/enterprise-bulk/batches.json'), 'utf8'));

describe('bulk metadata fields and filters', () => {
  it('filters by language and namespace (ANDed), number given as string or number', () => {
    const q = parseMetadataQuery({}, { filters: [{ field: 'in_language.identifier', value: 'zh' }, { field: 'namespace.identifier', value: '14' }] });
    expect(BATCHES.filter((m) => matches(m, q)).map((m) => m.identifier)).toEqual(['zhwiki_namespace_14', 'zhwikiquote_namespace_14', 'zhwiktionary_namespace_14']);
    const byWiki = parseMetadataQuery({ filters: 'is_part_of.identifier:abwiki' }, undefined);
    expect(BATCHES.filter((m) => matches(m, byWiki)).length).toBe(3);
  });

  it('projects dotted fields and whole objects, keeping WME key order', () => {
    const q = parseMetadataQuery({ fields: 'size.value,identifier,namespace.*' }, undefined);
    expect(project(BATCHES[0], q)).toEqual({ identifier: 'abwiki_namespace_0', namespace: { identifier: 0 }, size: { value: 0.038 } });
    expect(Object.keys(project(BATCHES[0], q))).toEqual(['identifier', 'namespace', 'size']);
  });

  it.each([
    [{ fields: ['namespace'] }, 'request.invalid_fields', 'use "namespace.*"'],
    [{ fields: ['nope'] }, 'request.invalid_fields', 'unknown field'],
    [{ filters: [{ field: 'chunks', value: 'x' }] }, 'request.invalid_filters', 'cannot filter on "chunks"'],
    [{ filters: [{ field: 'namespace.identifier', value: 'zero' }] }, 'request.invalid_filters', 'needs a number'],
    [{ filters: [{ field: 'identifier', value: { a: 1 } }] }, 'request.invalid_filters', 'needs a scalar value'],
    // The `field:value` query form without a colon names the whole text (it used to clip a character).
    [{ filters: 'not-json' }, 'request.invalid_filters', 'filter "not-json" must be field:value'],
    [{ filters: 'nope:1' }, 'request.invalid_filters', 'cannot filter on "nope"'],
  ])('rejects %j with 422 %s', (body, code, message) => {
    expect(() => parseMetadataQuery({}, body)).toThrow(expect.objectContaining({ code, status: 422, message: expect.stringContaining(message) }));
  });

  it('rejects a malformed JSON filters query parameter', () => {
    expect(() => parseMetadataQuery({ filters: '[{"field":' }, undefined)).toThrow(expect.objectContaining({ code: 'request.invalid_filters' }));
  });
});
