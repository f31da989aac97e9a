import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR, REBUILT_TABLES, sqlLiteral, TABLES, toClickHouseDateTime } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';

export interface Migration {
  readonly name: string;
  /** The file's first comment line: what it changes (logged when an existing database is upgraded). */
  readonly summary: string;
  readonly statements: readonly Statement[];
}

export interface Statement {
  readonly sql: string;
  /**
   * `table.column` that must exist for the statement to run (a `-- okapi:if-column t.c` line
   * before it): what `IF EXISTS` would say, which ALTER ... DROP COLUMN lacks on ClickHouse 18.16.
   */
  readonly ifColumn?: string;
  /** `table.column` that must not exist yet (`-- okapi:unless-column t.c`): ADD COLUMN IF NOT EXISTS, which 18.16 lacks. */
  readonly unlessColumn?: string;
}

/** The numbered `.sql` files, in order, split into statements (one per `;` at a line end). */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const summary = /^\s*--\s*(.*)$/m.exec(text)?.[1].trim() ?? '';
      return { name, summary, statements: splitStatements(text) };
    });
}

function splitStatements(text: string): Statement[] {
  return text
    .split(/;\s*$/m)
    .map((chunk) => {
      const ifColumn = /^\s*--\s*okapi:if-column\s+(\S+)\s*$/m.exec(chunk)?.[1];
      const unlessColumn = /^\s*--\s*okapi:unless-column\s+(\S+)\s*$/m.exec(chunk)?.[1];
      const sql = chunk.replace(/^\s*--.*$/gm, '').trim();
      return { sql, ...(ifColumn ? { ifColumn } : {}), ...(unlessColumn ? { unlessColumn } : {}) };
    })
    .filter((s) => s.sql.length > 0);
}

async function columnExists(engine: ClickHouseEngine, tableColumn: string): Promise<boolean> {
  const [table, column] = tableColumn.split('.');
  const rows = await engine.query<{ n: number | string }>(
    `SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = ${sqlLiteral(table)} AND name = ${sqlLiteral(column)}`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

async function run(engine: ClickHouseEngine, s: Statement): Promise<void> {
  if (s.ifColumn && !(await columnExists(engine, s.ifColumn))) return;
  if (s.unlessColumn && (await columnExists(engine, s.unlessColumn))) return;
  await engine.exec(s.sql);
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`. Statements are idempotent
 * (IF NOT EXISTS, okapi:if-column guards), so a crash between a statement and its record only
 * repeats harmless work. Upgrading a database that already had a schema (an older data
 * directory, a server database) says so on `log`, one line per migration: its data is kept.
 */
export async function migrate(
  engine: ClickHouseEngine,
  migrations = loadMigrations(),
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string[]> {
  const [bootstrap, ...rest] = migrations;
  for (const s of bootstrap.statements) await run(engine, s);
  const done = new Set(
    (await engine.query<{ name: string }>(`SELECT DISTINCT name FROM ${TABLES.migrations}`)).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const m of rest) {
    if (done.has(m.name)) continue;
    for (const s of m.statements) await run(engine, s);
    await engine.insertJsonEachRow(TABLES.migrations, [
      { name: m.name, applied_at: toClickHouseDateTime(new Date().toISOString()) },
    ]);
    applied.push(m.name);
    if (done.size > 0) log(`okapi: ClickHouse schema upgraded to ${m.name}, data kept: ${m.summary}`);
  }
  return applied;
}

/**
 * Drops every view table and its bookkeeping (for `okapi project --rebuild`; the caller migrates
 * again). `article_documents` stays: the rebuild regenerates every document and rewrites only
 * those whose bytes changed (document-reuse.ts); the documents no row names then are swept.
 */
export async function dropViews(engine: ClickHouseEngine): Promise<void> {
  for (const t of REBUILT_TABLES) await engine.exec(`DROP TABLE IF EXISTS ${t}`);
}
