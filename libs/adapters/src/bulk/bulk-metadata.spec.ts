// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataPath } from '@okapi/testing';
import { BulkMetadata, parseBulkIdentifier, rfc3339Nano, sizeMb, toMetadata, wikiLanguage } from './bulk-metadata';

const FIXTURE = realDataPath('enterprise');
const read = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURE, name), 'utf8'));
/** Our metadata for the simplewiki namespace-0 file a real WME record describes, with our own size and hash. */
const sameFileAs = (wme: BulkMetadata, own: { bytes: number; sha256: string; chunks?: string[] }) =>
  toMetadata({
    identifier: wme.identifier,
    wiki: 'simplewiki',
    namespace: 0,
    md5: wme.version,
    dateModified: wme.date_modified,
    ...own,
  });

describe('bulk metadata', () => {
  it("gives every wiki of WME's 566 real batch records its in_language", () => {
    const batches = read('batches.json') as BulkMetadata[];
    const wrong = batches.filter((b) => wikiLanguage(b.is_part_of.identifier) !== b.in_language.identifier);
    expect(wrong.map((b) => b.identifier)).toEqual([]);
  });

  it("builds the snapshot object with WME's keys in WME's order (plus chunks and sha256)", () => {
    const wme = read('snapshot.json') as BulkMetadata;
    const ours = sameFileAs(wme, { bytes: 1_791_854_321, sha256: 'ab', chunks: ['simplewiki_namespace_0_chunk_0'] });
    const { chunks, sha256, ...rest } = ours;
    expect(rest).toEqual(wme);
    expect(Object.keys(ours)).toEqual([...Object.keys(wme), 'chunks', 'sha256']);
    expect([chunks, sha256]).toEqual([['simplewiki_namespace_0_chunk_0'], 'ab']);
  });

  it('matches a real chunk record, which carries no chunks list', () => {
    const wme = read('chunk.json') as BulkMetadata;
    const ours = sameFileAs(wme, { bytes: 322_660_273, sha256: 'x' });
    expect(ours).toEqual({ ...wme, size: { value: 322.66, unit_text: 'MB' }, sha256: 'x' });
  });

  it('sizes in MB rounded to 3 decimals, as WME', () => {
    expect(sizeMb(4_828_499)).toBe(4.828);
    expect(sizeMb(1_500)).toBe(0.002);
    expect(sizeMb(0)).toBe(0);
  });

  it('formats date_modified like Go RFC3339Nano (trailing zeros trimmed)', () => {
    expect(rfc3339Nano(1693822495912900060n)).toBe('2023-09-04T10:14:55.91290006Z');
    expect(rfc3339Nano(1693822495000000000n)).toBe('2023-09-04T10:14:55Z');
  });

  it('parses identifiers', () => {
    expect(parseBulkIdentifier('zh_min_nanwiki_namespace_14')).toEqual({ wiki: 'zh_min_nanwiki', namespace: 14 });
    expect(parseBulkIdentifier('enwiki_namespace_x')).toBeUndefined();
  });
});
