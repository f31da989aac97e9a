/**
 * The statement kinds user SQL may be (`okapi sql`, `POST /v2/sql`, `POST /internal/sql`). This is
 * not what makes user SQL read-only: the engines do that (a read-only ClickHouse user whose profile
 * has `readonly = 1`; a chDB session set to `readonly = 1` plus a check of the engine's own parse
 * tree, see explain-ast.ts). It only refuses what `readonly = 1` still allows on ClickHouse 18.16
 * (`KILL QUERY`), by the first keyword, which is what decides a ClickHouse statement's kind.
 */
export class ReadOnlySqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlySqlError';
  }
}

export const READ_ONLY_KINDS = ['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXISTS'] as const;

/** Index of the first character that is neither whitespace nor inside a comment. */
function firstToken(sql: string): number {
  let i = 0;
  while (i < sql.length) {
    if (/\s/.test(sql[i])) i++;
    else if (sql.startsWith('--', i) || sql[i] === '#') i = skipTo(sql, i, '\n');
    else if (sql.startsWith('/*', i)) i = skipTo(sql, i + 2, '*/');
    else return i;
  }
  return i;
}

function skipTo(sql: string, from: number, end: string): number {
  const at = sql.indexOf(end, from);
  return at < 0 ? sql.length : at + end.length;
}

/** The query as given, when its first keyword is a read-only kind; throws ReadOnlySqlError otherwise. */
export function checkReadOnlySql(input: string): string {
  const sql = input.trim();
  const at = firstToken(sql);
  if (at >= sql.length) throw new ReadOnlySqlError('empty query');
  const word = /^[A-Za-z_]+/.exec(sql.slice(at, at + 64))?.[0].toUpperCase() ?? '';
  if (!(READ_ONLY_KINDS as readonly string[]).includes(word)) {
    throw new ReadOnlySqlError(
      `only read-only queries are allowed (${READ_ONLY_KINDS.join(', ')}), got "${word || sql.slice(at, at + 20)}"`,
    );
  }
  return sql;
}
