import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DerivedContent } from '@okapi/domain';
import { promised } from '../errors/promised';

/** A derivation that failed (ran past its deadline, or its worker died on it), cached as such. */
export interface DerivationFailure {
  readonly failed: string;
}

/** What is stored under a key: the derived parts, or why there are none. */
export type StoredDerivation = DerivedContent | DerivationFailure;

export function isDerivationFailure(d: StoredDerivation): d is DerivationFailure {
  return typeof (d as DerivationFailure).failed === 'string';
}

/**
 * Derived Article parts by content key (derivation-key.ts), or the failure to derive them (a
 * content that exceeds the deadline once is not derived again on every product and restart). What is stored is a cache: deriving is
 * pure, so a lost or absent entry only costs its recomputation, and concurrent writers (projector,
 * publisher, API replicas on one host) storing the same key store the same value.
 */
export interface DerivationStore {
  /** The stored parts of each key, in order (undefined: not stored). */
  getMany(keys: readonly Buffer[]): Promise<(StoredDerivation | undefined)[]>;
  /** Stores each key's StoredDerivation as JSON text (a worker's answer is that text already). */
  putMany(entries: readonly (readonly [Buffer, string])[]): Promise<void>;
  close(): Promise<void>;
}

const DDL = `
CREATE TABLE IF NOT EXISTS derivations (
  key     BLOB PRIMARY KEY,
  derived TEXT NOT NULL
)`;

/** Most keys per SELECT (SQLite's default limit on bound parameters is 32 766). */
const KEYS_PER_QUERY = 500;

/**
 * One SQLite file beside the event store (`OKAPI_DATA_DIR/derivations.sqlite3`, WAL): a key
 * lookup is a few microseconds, so a rebuild from zero reads a revision's html/abstract/categories
 * instead of parsing its wikitext again. Failures to write (another process holding the lock past
 * the busy timeout) are swallowed: the next reader derives again.
 */
export class SqliteDerivationStore implements DerivationStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[Buffer, string]>;
  private readonly selects = new Map<number, Database.Statement<Buffer[]>>();

  constructor(path: string, busyTimeoutMs = 2000) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: busyTimeoutMs });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF'); // a cache: a crash may lose the last writes, never corrupt
    this.db.exec(DDL);
    this.insert = this.db.prepare('INSERT OR IGNORE INTO derivations (key, derived) VALUES (?, ?)');
  }

  getMany(keys: readonly Buffer[]): Promise<(StoredDerivation | undefined)[]> {
    return promised(() => {
      const found = new Map<string, string>();
      for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
        const part = keys.slice(i, i + KEYS_PER_QUERY);
        for (const row of this.select(part.length).all(...part) as { key: Buffer; derived: string }[])
          found.set(row.key.toString('latin1'), row.derived);
      }
      return keys.map((k) => {
        const json = found.get(k.toString('latin1'));
        return json === undefined ? undefined : (JSON.parse(json) as StoredDerivation);
      });
    });
  }

  putMany(entries: readonly (readonly [Buffer, string])[]): Promise<void> {
    return promised(() => {
      if (entries.length === 0) return;
      try {
        this.db.transaction(() => {
          for (const [key, json] of entries) this.insert.run(key, json);
        })();
      } catch {
        // a cache write lost to lock contention: derived again by whoever misses it
      }
    });
  }

  close(): Promise<void> {
    return promised(() => {
      if (this.db.open) this.db.close();
    });
  }

  private select(n: number): Database.Statement<Buffer[]> {
    let s = this.selects.get(n);
    if (!s) {
      s = this.db.prepare(`SELECT key, derived FROM derivations WHERE key IN (${'?,'.repeat(n - 1)}?)`);
      this.selects.set(n, s);
    }
    return s;
  }
}
