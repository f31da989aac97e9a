import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeadLetter, DeadLetterStore } from '@okapi/projections';
import { promised } from '../errors/promised';

const DDL = `
CREATE TABLE IF NOT EXISTS dead_letters (
  consumer   TEXT    NOT NULL,
  event_offset INTEGER NOT NULL,
  stream     TEXT    NOT NULL,
  event_type TEXT    NOT NULL,
  error      TEXT    NOT NULL,
  at         TEXT    NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (consumer, event_offset)
) WITHOUT ROWID;`;

interface Row {
  consumer: string;
  event_offset: number;
  stream: string;
  event_type: string;
  error: string;
  at: string;
  attempts: number;
}

/** Embedded dead letters: `dead-letters.sqlite3` beside `events.sqlite3` (WAL: the CLI reads it while `start` runs). */
export class SqliteDeadLetterStore implements DeadLetterStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(DDL);
  }

  record(l: Omit<DeadLetter, 'attempts'>): Promise<boolean> {
    return promised(() => {
      const known = this.db
        .prepare('SELECT 1 FROM dead_letters WHERE consumer = ? AND event_offset = ?')
        .get(l.consumer, l.offset);
      this.db
        .prepare(
          `INSERT INTO dead_letters (consumer, event_offset, stream, event_type, error, at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (consumer, event_offset) DO UPDATE SET error = excluded.error, at = excluded.at, attempts = attempts + 1`,
        )
        .run(l.consumer, l.offset, l.stream, l.eventType, l.error, l.at);
      return known === undefined;
    });
  }

  list(consumer?: string): Promise<DeadLetter[]> {
    return promised(() => {
      const rows = (
        consumer === undefined
          ? this.db.prepare('SELECT * FROM dead_letters ORDER BY event_offset, consumer').all()
          : this.db.prepare('SELECT * FROM dead_letters WHERE consumer = ? ORDER BY event_offset').all(consumer)
      ) as Row[];
      return rows.map((r) => ({
        consumer: r.consumer,
        offset: r.event_offset,
        stream: r.stream,
        eventType: r.event_type,
        error: r.error,
        at: r.at,
        attempts: r.attempts,
      }));
    });
  }

  counts(): Promise<Record<string, number>> {
    return promised(() => {
      const rows = this.db.prepare('SELECT consumer, count(*) AS n FROM dead_letters GROUP BY consumer').all() as {
        consumer: string;
        n: number;
      }[];
      const out = Object.create(null) as Record<string, number>;
      for (const r of rows) out[r.consumer] = r.n;
      return out;
    });
  }

  remove(consumer: string, offset: number): Promise<void> {
    return promised(() => {
      this.db.prepare('DELETE FROM dead_letters WHERE consumer = ? AND event_offset = ?').run(consumer, offset);
    });
  }

  close(): Promise<void> {
    return promised(() => {
      if (this.db.open) this.db.close();
    });
  }
}
