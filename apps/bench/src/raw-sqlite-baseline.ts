import Database from 'better-sqlite3';
import { secondsOf } from './bench';

/** One event row as the baseline writes it: the JSON is the event's data, already serialised. */
export interface RawEventRow {
  readonly stream: string;
  readonly revision: number;
  readonly json: string;
}

export interface RawSqliteTimes {
  readonly insertS: number;
  /** Only when asked for: one ordered pass over every row, parsing its JSON. */
  readonly iterateS?: number;
}

/**
 * Same-run baseline for the event store benches: the event table's schema and pragmas, plain
 * prepared inserts, 1000 rows per transaction; what the store adds on top is the ratio measured.
 */
export function rawSqliteBaseline(
  path: string,
  rows: readonly RawEventRow[],
  opts: { iterate?: boolean } = {},
): RawSqliteTimes {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(
      'CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream TEXT NOT NULL, stream_revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, stream_revision))',
    );
    const insert = db.prepare(
      'INSERT INTO events (stream, stream_revision, type, data, recorded_at) VALUES (?, ?, ?, ?, ?)',
    );
    const tx = db.transaction((from: number) => {
      for (let i = from; i < Math.min(rows.length, from + 1000); i++)
        insert.run(rows[i].stream, rows[i].revision, 'RevisionCreated', rows[i].json, 0);
    });
    const insertS = secondsOf(() => {
      for (let i = 0; i < rows.length; i += 1000) tx(i);
    });
    if (!opts.iterate) return { insertS };
    const iterateS = secondsOf(() => {
      for (const row of db.prepare('SELECT * FROM events ORDER BY global_position').iterate() as IterableIterator<{
        data: string;
      }>)
        JSON.parse(row.data);
    });
    return { insertS, iterateS };
  } finally {
    db.close();
  }
}
