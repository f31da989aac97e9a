import { sqlIdent, sqlList, sqlLiteral, sqlString } from './sql-literal';

describe('sqlString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['a\nb\rc\td', "'a\\nb\\rc\\td'"],
    ['nul\u0000', "'nul\\0'"],
    ['bell\u0007del\u007f', "'bell\\x07del\\x7f'"],
    ["'; DROP TABLE x; --", "'\\'; DROP TABLE x; --'"],
    ['日本 🦒', "'日本 🦒'"],
  ])('quotes %j as %s', (input, expected) => {
    expect(sqlString(input)).toBe(expected);
  });

  it('never leaves an unescaped quote or backslash inside the literal', () => {
    const nasty = "\\'\\\\''\\";
    const inner = sqlString(nasty).slice(1, -1);
    // Every quote is preceded by an odd run of backslashes.
    expect(inner.replace(/\\\\/g, '').replace(/\\'/g, '')).not.toMatch(/['\\]/);
  });

  it('replaces lone surrogates (not encodable as UTF-8) with U+FFFD', () => {
    expect(sqlString('a\uD800b')).toBe("'a\uFFFDb'");
    expect(sqlString('🦒')).toBe("'🦒'");
  });
});

describe('sqlLiteral', () => {
  it('renders numbers, booleans, null and arrays', () => {
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(-1.5)).toBe('-1.5');
    expect(sqlLiteral(true)).toBe('1');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(10n)).toBe('10');
    expect(sqlLiteral(['a', 1])).toBe("['a', 1]");
  });

  it('refuses non-finite numbers and unknown types', () => {
    expect(() => sqlLiteral(NaN)).toThrow(RangeError);
    expect(() => sqlLiteral(Infinity)).toThrow(RangeError);
    expect(() => sqlLiteral({} as never)).toThrow(TypeError);
  });
});

describe('sqlList and sqlIdent', () => {
  it('lists values for IN and refuses an empty list', () => {
    expect(sqlList(['x', "y'"])).toBe("('x', 'y\\'')");
    expect(() => sqlList([])).toThrow(RangeError);
  });

  it('accepts plain identifiers only', () => {
    expect(sqlIdent('okapi_test_1')).toBe('okapi_test_1');
    for (const bad of ['', '1abc', 'a-b', 'a b', 'x`; DROP', 'db.table'])
      expect(() => sqlIdent(bad)).toThrow(RangeError);
  });
});
