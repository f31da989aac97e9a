import { encodeJsonEachRow, parseJsonEachRow, toJsonEachRow } from './json-each-row';

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

describe('encodeJsonEachRow', () => {
  const doc = JSON.stringify({ name: 'Okapi – “giraffe” 🦒', html: '<p>a\\b\n</p>'.repeat(500) });
  const rows = Array.from({ length: 40 }, (_, i) => ({ wiki: 'enwiki', page_id: i, doc: i % 7 ? doc : '' }));

  it('is the UTF-8 of toJsonEachRow, whether it grows a small scratch buffer or writes into a large one', () => {
    const text = toJsonEachRow(rows, ['doc']);
    const small = Buffer.alloc(16);
    const grown = encodeJsonEachRow(rows, ['doc'], small);
    expect(grown.buffer).not.toBe(small.buffer);
    expect(grown.toString('utf8')).toBe(text);
    const large = Buffer.alloc(4 * Buffer.byteLength(text));
    const reused = encodeJsonEachRow(rows, ['doc'], large);
    expect(reused.buffer).toBe(large.buffer);
    expect(reused.toString('utf8')).toBe(text);
    expect(encodeJsonEachRow(rows).toString('utf8')).toBe(toJsonEachRow(rows));
  });
});
