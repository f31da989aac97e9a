import { sqlLiteral, sqlString } from '@okapi/projections';
import { describeEachEngine, openedEngine } from './testing/analytics-engines.fixture';

// Hostile strings: quotes, backslashes, NUL and other controls, newlines, unicode, SQL injection.
const HOSTILE = [
  '',
  "'",
  "''",
  "\\'",
  '\\',
  '\\\\',
  "'; DROP TABLE fuzz; --",
  "x' OR '1'='1",
  'line1\nline2\r\nline3',
  'tab\there',
  'nul\u0000byte',
  '\u0001\u0002\u001f\u007f',
  '\\x41 \\n \\0 \\N',
  'unicode: Ça, naïve, 日本語, עברית, 🦒 okapi',
  '`backtick` "double" $dollar {brace}',
  '/* comment */ -- comment',
  'a'.repeat(10_000),
];

/** Deterministic pseudo-random strings drawn from the characters that matter. */
function fuzzStrings(count: number, seed = 42): string[] {
  const alphabet = [
    "'",
    '"',
    '\\',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u0007',
    ';',
    '-',
    '/',
    '*',
    'a',
    'Z',
    '0',
    ' ',
    'é',
    '日',
    '🦒',
    '`',
    '{',
    '}',
    '?',
    '$',
  ];
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

describeEachEngine('sqlString round-trips hostile strings', (harness) => {
  const engine = openedEngine(harness);
  const values = [...HOSTILE, ...fuzzStrings(200)];

  beforeAll(async () => {
    const { analytics } = engine;
    await analytics.exec('CREATE TABLE IF NOT EXISTS fuzz (id UInt32, s String) ENGINE = MergeTree ORDER BY id');
    await analytics.insertJsonEachRow(
      'fuzz',
      values.map((s, id) => ({ id, s })),
    );
  });
  it('selects back exactly what was inserted, through a literal in SQL text', async () => {
    const rows = await engine.analytics.query<{ id: number; s: string }>(
      `SELECT id, ${sqlString('marker')} AS m, s FROM fuzz ORDER BY id`,
    );
    expect(rows.map((r) => r.s)).toEqual(values);
  });

  it.each(HOSTILE.map((s, i) => [i, s]))('finds hostile string #%i by equality with its literal', async (id, s) => {
    const rows = await engine.analytics.query<{ id: number }>(
      `SELECT id FROM fuzz WHERE s = ${sqlString(s)} ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toContain(id);
  });

  it('literal of every fuzzed string selects that string back unchanged', async () => {
    const fuzzed = values.slice(HOSTILE.length);
    const sql = `SELECT ${fuzzed.map((s, i) => `${sqlLiteral(s)} AS c${i}`).join(', ')}`;
    const [row] = await engine.analytics.query<Record<string, string>>(sql);
    expect(fuzzed.map((_, i) => row[`c${i}`])).toEqual(fuzzed);
  });

  it('the table survives the injection attempts', async () => {
    const [row] = await engine.analytics.query<{ n: number | string }>('SELECT count() AS n FROM fuzz');
    expect(Number(row.n)).toBe(values.length);
  });
});

describeEachEngine('object columns (Article documents) are stored as the very text given', (harness) => {
  const engine = openedEngine(harness);
  // JSON object text as documentOf makes it (every hostile string inside, nested), and a tombstone's ''.
  const docs = [...HOSTILE, ...fuzzStrings(200, 7)].map((s, i) =>
    JSON.stringify({ i, s, nested: { list: [s, { s }], n: -1.5e-7, t: true, z: null } }),
  );
  const values = ['', ...docs];

  beforeAll(async () => {
    const { analytics } = engine;
    await analytics.exec('CREATE TABLE IF NOT EXISTS docs (id UInt32, doc String) ENGINE = MergeTree ORDER BY id');
    await analytics.insertJsonEachRow(
      'docs',
      values.map((doc, id) => ({ id, doc })),
      { objectColumns: ['doc'] },
    );
  });
  it('selects back every document byte for byte', async () => {
    const rows = await engine.analytics.query<{ id: number; doc: string }>('SELECT id, doc FROM docs ORDER BY id');
    expect(rows.map((r) => r.doc)).toEqual(values);
  });
});
