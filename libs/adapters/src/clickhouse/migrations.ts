import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR, REBUILT_TABLES, TABLES, toClickHouseDateTime } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';

export interface Migration {
  readonly name: string;
  readonly statements: readonly string[];
}

/** The numbered `.sql` files, in order, split into statements (one per `;` at a line end). */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, statements: splitStatements(readFileSync(join(dir, name), 'utf8')) }));
}

function splitStatements(text: string): string[] {
  const withoutComments = text.replace(/^\s*--.*$/gm, '');
  return withoutComments
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`. Statements are idempotent
 * (IF NOT EXISTS), so a crash between a statement and its record only repeats harmless work.
 */
export async function migrate(engine: ClickHouseEngine, migrations = loadMigrations()): Promise<string[]> {
  const [bootstrap, ...rest] = migrations;
  for (const s of bootstrap.statements) await engine.exec(s);
  const done = new Set(
    (await engine.query<{ name: string }>(`SELECT DISTINCT name FROM ${TABLES.migrations}`)).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const m of rest) {
    if (done.has(m.name)) continue;
    for (const s of m.statements) await engine.exec(s);
    await engine.insertJsonEachRow(TABLES.migrations, [
      { name: m.name, applied_at: toClickHouseDateTime(new Date().toISOString()) },
    ]);
    applied.push(m.name);
  }
  return applied;
}

/** Drops every view table and its bookkeeping (for `okapi project --rebuild`; the caller migrates again). */
export async function dropViews(engine: ClickHouseEngine): Promise<void> {
  for (const t of REBUILT_TABLES) await engine.exec(`DROP TABLE IF EXISTS ${t}`);
}
