/**
 * Gatekeeper for `okapi sql` and `POST /internal/sql`: one read-only statement. The check is lexical
 * (strings, quoted identifiers and comments are skipped), and the engines are asked to enforce it
 * too (`readonly = 1`), so a statement that slips past the word list still cannot write.
 */
export class ReadOnlySqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlySqlError';
  }
}

const ALLOWED_FIRST = ['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'EXISTS'];

export interface ReadOnlyStatement {
  /** The statement without a trailing `;` and surrounding whitespace. */
  readonly sql: string;
  /** True when it already has a top-level SETTINGS clause (append `, readonly = 1` then). */
  readonly hasSettings: boolean;
}

interface Scan {
  readonly words: string[];
  readonly semicolons: number[];
}

/** Top-level words (upper-cased, outside parentheses) and `;` positions, skipping literals and comments. */
function scan(sql: string): Scan {
  const words: string[] = [];
  const semicolons: number[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(sql, i, ch);
    else if (sql.startsWith('--', i) || ch === '#') i = skipTo(sql, i, '\n');
    else if (sql.startsWith('/*', i)) i = skipTo(sql, i + 2, '*/');
    else if (ch === ';') semicolons.push(i++);
    else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 256))!;
      if (depth === 0) words.push(m[0].toUpperCase());
      i += m[0].length;
    } else {
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return { words, semicolons };
}

function skipQuoted(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  throw new ReadOnlySqlError(`unterminated ${quote} quote starting at character ${start + 1}`);
}

function skipTo(sql: string, from: number, end: string): number {
  const at = sql.indexOf(end, from);
  return at < 0 ? sql.length : at + end.length;
}

/** Accepts one SELECT/WITH/SHOW/DESCRIBE/EXPLAIN statement; throws ReadOnlySqlError otherwise. */
export function checkReadOnlySql(input: string): ReadOnlyStatement {
  const sql = input.trim().replace(/;\s*$/, '').trim();
  if (sql === '') throw new ReadOnlySqlError('empty query');
  const { words, semicolons } = scan(sql);
  if (semicolons.length > 0) throw new ReadOnlySqlError('only one statement is allowed (found ";" inside the query)');
  const first = words[0] ?? '';
  if (!ALLOWED_FIRST.includes(first)) {
    throw new ReadOnlySqlError(
      `only read-only queries are allowed (${ALLOWED_FIRST.join(', ')}), got "${first || sql.slice(0, 20)}"`,
    );
  }
  if (words.includes('FORMAT')) throw new ReadOnlySqlError('FORMAT is not allowed: the output is always JSONEachRow');
  if (words.includes('INTO') && words.includes('OUTFILE')) throw new ReadOnlySqlError('INTO OUTFILE is not allowed');
  return { sql, hasSettings: words.includes('SETTINGS') };
}

/** The statement with `readonly = 1` forced, for engines that take settings in the query text. */
export function withReadOnlySetting(statement: ReadOnlyStatement): string {
  return statement.hasSettings ? `${statement.sql}, readonly = 1` : `${statement.sql}\nSETTINGS readonly = 1`;
}
