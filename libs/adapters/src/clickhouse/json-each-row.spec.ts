import { parseJsonEachRow, toJsonEachRow } from './json-each-row';

describe('toJsonEachRow', () => {
  const doc = JSON.stringify({ name: 'Okapi "giraffe"', html: '<p>a\\b\n</p>', n: [1, { x: null }] });
  const rows = [{ wiki: 'enwiki', doc, version: 3 }, { wiki: 'enwiki', doc: '', version: 4 }, { doc }];

  it('writes object columns as the object itself, and the same row otherwise', () => {
    const text = toJsonEachRow(rows, ['doc']);
    expect(text.split('\n')[0]).toBe(`{"wiki":"enwiki","version":3,"doc":${doc}}`);
    const parsed = parseJsonEachRow<Record<string, unknown>>(text);
    expect(parsed.map((r) => ({ ...r, doc: typeof r.doc === 'string' ? r.doc : JSON.stringify(r.doc) }))).toEqual(rows);
  });

  it('writes a value that is no object text as a string literal', () => {
    expect(toJsonEachRow([{ doc: '' }, { doc: 'plain' }], ['doc'])).toBe('{"doc":""}\n{"doc":"plain"}\n');
  });

  it('without object columns is one JSON.stringify per line', () => {
    expect(toJsonEachRow(rows)).toBe(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
});
