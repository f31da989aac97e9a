import { assertDate, assertHour, assertId, downloadName, parseChunk, refPath } from './bulk-paths';

// jest takes an asymmetric matcher in toThrow; @types/jest's signature lists only Error-like values.
describe('bulk paths', () => {
  it('lays files out as WME does', () => {
    expect(refPath({ kind: 'snapshot', id: 'enwiki_namespace_0' }, '.tar.gz')).toBe(
      'snapshots/enwiki_namespace_0.tar.gz',
    );
    expect(refPath({ kind: 'chunk', id: 'enwiki_namespace_0', chunk: 3 }, '.json')).toBe(
      'chunks/enwiki_namespace_0/chunk_3.json',
    );
    expect(refPath({ kind: 'batch', date: '2024-01-02', hour: '7', id: 'dewiki_namespace_14' }, '.tar.gz')).toBe(
      'batches/2024-01-02/07/dewiki_namespace_14.tar.gz',
    );
    expect(downloadName({ kind: 'chunk', id: 'enwiki_namespace_0', chunk: 3 })).toBe(
      'enwiki_namespace_0_chunk_3.tar.gz',
    );
  });

  it('accepts a chunk as full id, chunk_n or n, and only of its own snapshot', () => {
    expect(['enwiki_namespace_0_chunk_2', 'chunk_2', '2'].map((c) => parseChunk('enwiki_namespace_0', c))).toEqual([
      2, 2, 2,
    ]);
    expect(() => parseChunk('enwiki_namespace_0', 'dewiki_namespace_0_chunk_2')).toThrow(
      'is not a chunk of enwiki_namespace_0',
    );
    expect(() => parseChunk('enwiki_namespace_0', '../x')).toThrow();
  });

  it.each(['../etc', 'enwiki', 'EnWiki_namespace_0', 'enwiki_namespace_0/..', ''])(
    'rejects identifier %p with a 400 code',
    (id) => {
      expect(() => assertId(id)).toThrow(
        expect.objectContaining({ code: 'bulk.invalid_identifier', status: 400 }) as Error,
      );
    },
  );

  it('validates dates and hours', () => {
    expect(assertHour('7')).toBe('07');
    expect(assertHour('23')).toBe('23');
    expect(() => assertHour('24')).toThrow(expect.objectContaining({ code: 'bulk.invalid_hour' }) as Error);
    expect(assertDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2024-13-01', '2023-02-29', '2024-1-01'])
      expect(() => assertDate(bad)).toThrow(expect.objectContaining({ code: 'bulk.invalid_date' }) as Error);
  });
});
