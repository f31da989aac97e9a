/**
 * The one place Okapi turns values into ClickHouse SQL text. Neither engine can be given bound
 * parameters portably (ClickHouse 18.16 has no `{p:String}`), so every value in a query we build
 * goes through `sqlLiteral`; inserts travel as JSONEachRow, never as SQL text.
 */

// Escapes understood by ClickHouse string literals on 18.16 and 26.x alike.
const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\0': '\\0',
};

// Backslash, quote and every C0 control character plus DEL.
// eslint-disable-next-line no-control-regex -- escaping control characters is the point.
const NEEDS_ESCAPE = /[\\'\u0000-\u001f\u007f]/g;

function escapeChar(ch: string): string {
  return NAMED[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * A quoted string literal. Lone UTF-16 surrogates cannot be encoded as UTF-8, so they become
 * U+FFFD first (the same thing UTF-8 encoding does when the query is sent); everything else
 * round-trips byte for byte.
 */
export function sqlString(value: string): string {
  return `'${value.replace(LONE_SURROGATE, '\uFFFD').replace(NEEDS_ESCAPE, escapeChar)}'`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export type SqlValue = string | number | bigint | boolean | null | readonly SqlValue[];

/** A literal for any supported value: strings quoted, numbers checked, arrays as `[a, b]`. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(sqlLiteral).join(', ')}]`;
  throw new TypeError(`unsupported SQL value: ${typeof value}`);
}

/** `(a, b, c)` for `IN` lists; an empty list is a caller bug (`IN ()` is a syntax error). */
export function sqlList(values: readonly SqlValue[]): string {
  if (values.length === 0) throw new RangeError('sqlList needs at least one value');
  return `(${values.map(sqlLiteral).join(', ')})`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** A table, column or database name: only plain identifiers are accepted, never quoted ones. */
export function sqlIdent(name: string): string {
  if (!IDENT.test(name)) throw new RangeError(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}
