/**
 * Embedded event store on one SQLite file (better-sqlite3, WAL, synchronous=NORMAL).
 *
 * Offsets (also what the README says about resuming):
 * - An offset is an event's global position in the log. Here it is SQLite's rowid: DENSE, the first
 *   event is 1, the next 2, and so on with no holes; 0 means "before the first event".
 * - `readAll({from})` and `subscribe(from)` are INCLUSIVE: they start with the event whose offset is
 *   `from`. To resume after the last event you processed, pass `lastOffset + 1`; from 0 replays all.
 * - Offsets never change meaning: events are never deleted or rewritten.
 * - Several processes may share the file: one transaction per `append` call (write lock taken up
 *   front), readers see whole transactions only, and subscriptions poll for other processes'
 *   appends every `pollIntervalMs` (this process's appends wake them at once).
 * - A read-write store checkpoints its WAL on another thread (wal-checkpointer.ts), not inside the
 *   commits of its appends.
 */
import Database from 'better-sqlite3';
import {
  AppendRequest,
  countCodePoints,
  AppendResult,
  EventStore,
  encodedJsonOf,
  Offset,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamName,
  Subscription,
  upcastPageEvent,
} from '@okapi/domain';
import { AppendNotifier } from '../append-notifier';
import { assertExpectedRevision } from '../expected-revision';
import { CursorPage, CursorSubscription } from '../cursor-subscription';
import { EventRow, openDatabase, SQL } from './sqlite-schema';
import { promised } from '../../errors/promised';
import { storedText, withTextOnDemand } from './text-on-demand';
import { BACKSTOP_PAGES, WalCheckpointer } from './wal-checkpointer';

export interface SqliteEventStoreOptions {
  /** File path; its directory is created when missing. */
  readonly path: string;
  /** No appends; for readers next to a writing process. Default false. */
  readonly readOnly?: boolean;
  /** Subscriptions re-check for other processes' appends this often when idle. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** Events per readAll page when no limit is given, and per subscription read. Default 1000. */
  readonly pageSize?: number;
  /** A page stops early once its payloads exceed this many bytes (large events). Default 64 MiB. */
  readonly pageBytes?: number;
  /**
   * A thread checkpoints the WAL after this many bytes of event data appended (wal-checkpointer.ts);
   * 0: none, the appending thread checkpoints every 1000 WAL pages (SQLite's default). Default 32 MiB.
   */
  readonly checkpointAfterBytes?: number;
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): EventStore {
  return new SqliteEventStore(options);
}

type Statements = { [K in Exclude<keyof typeof SQL, 'insert'>]: Database.Statement } & { insert?: Database.Statement };

class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly stmt: Statements;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<Subscription>();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly pageBytes: number;
  private readonly appendTx: (requests: readonly AppendRequest[], recordedAt: number) => AppendResult[];
  private readonly checkpointer: WalCheckpointer | undefined;
  /** Bytes of event data the transaction under way inserted. */
  private txBytes = 0;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openDatabase(options);
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pageSize = options.pageSize ?? 1000;
    this.pageBytes = options.pageBytes ?? 64 * 1024 * 1024;
    const prepare = (sql: string): Database.Statement => this.db.prepare(sql);
    this.stmt = {
      insert: options.readOnly ? undefined : prepare(SQL.insert),
      streamHead: prepare(SQL.streamHead),
      readStream: prepare(SQL.readStream),
      readStreamTo: prepare(SQL.readStreamTo),
      readStreamWindow: prepare(SQL.readStreamWindow),
      readAll: prepare(SQL.readAll),
      dataAt: prepare(SQL.dataAt),
      head: prepare(SQL.head),
    };
    const tx = this.db.transaction((requests: readonly AppendRequest[], recordedAt: number) =>
      this.appendInTx(requests, recordedAt),
    );
    // IMMEDIATE takes the write lock before reading stream heads, so the revision check and the
    // inserts see the same state even with writers in other processes.
    this.appendTx = (requests, recordedAt) => tx.immediate(requests, recordedAt);
    const afterBytes = options.checkpointAfterBytes ?? 32 * 1024 * 1024;
    if (!options.readOnly && afterBytes > 0) {
      this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      this.checkpointer = new WalCheckpointer({ path: options.path, afterBytes });
    }
  }

  append(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return promised(() => {
      if (requests.length === 0) return [];
      this.txBytes = 0;
      const results = this.appendTx(requests, Date.now());
      this.checkpointer?.appended(this.txBytes);
      this.notifier.notify();
      return results;
    });
  }

  readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return promised(() => {
      const { toRevision, fromRevision } = options;
      const rows =
        fromRevision !== undefined && fromRevision > 0
          ? this.stmt.readStreamWindow.all(stream, fromRevision, toRevision ?? Number.MAX_SAFE_INTEGER)
          : toRevision === undefined
            ? this.stmt.readStream.all(stream)
            : this.stmt.readStreamTo.all(stream, toRevision);
      return (rows as EventRow[]).map((r) => toRecorded(r));
    });
  }

  readAll({ from, limit, textOnDemand }: ReadAllOptions): Promise<RecordedEvent[]> {
    return promised(() =>
      textOnDemand
        ? this.readPageTextOnDemand(from, limit ?? this.pageSize)
        : this.readPage(from, limit ?? this.pageSize),
    );
  }

  head(): Promise<Offset> {
    return promised(() => (this.stmt.head.get() as { head: number }).head as Offset);
  }

  subscribe(from: Offset): Subscription {
    const sub = new CursorSubscription<Offset>({
      start: from,
      readPage: (cursor) => promised(() => this.pageAfter(cursor)),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
      onClose: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }

  private pageAfter(cursor: Offset): CursorPage<Offset> {
    const events = this.readPage(cursor, this.pageSize);
    const next = events.length ? ((events[events.length - 1].offset + 1) as Offset) : cursor;
    return { events, next };
  }

  private readPage(from: Offset, limit: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    let bytes = 0;
    for (const row of this.stmt.readAll.iterate(from, limit) as IterableIterator<EventRow>) {
      out.push(toRecorded(row));
      bytes += row.data.length;
      if (bytes >= this.pageBytes) break; // leaving iterate() early resets the statement
    }
    return out;
  }

  /**
   * `readPage` with each RevisionCreated text dropped once counted, and read again from the file
   * only when accessed (text-on-demand.ts): a batch then holds the texts it uses, not all it read.
   * The last event of each run of one page's events keeps its text: the one a projection most
   * likely assembles a document for (a dump's revisions come page by page), read once, not twice.
   */
  private readPageTextOnDemand(from: Offset, limit: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    const settle = (row: EventRow, next: EventRow | undefined): void => {
      const last = next === undefined || next.stream !== row.stream;
      out.push(toRecorded(row, last ? undefined : (data) => this.textOnDemand(row, data)));
    };
    let bytes = 0;
    let pending: EventRow | undefined;
    for (const row of this.stmt.readAll.iterate(from, limit) as IterableIterator<EventRow>) {
      if (pending) settle(pending, row);
      pending = row;
      bytes += row.data.length;
      if (bytes >= this.pageBytes) break;
    }
    if (pending) settle(pending, undefined);
    return out;
  }

  private textOnDemand(row: EventRow, data: Record<string, unknown>): Record<string, unknown> {
    if (row.type !== 'RevisionCreated' || typeof data.text !== 'string') return data;
    return withTextOnDemand(data, countCodePoints(data.text), row.global_position, this.textAt);
  }

  /** The text of the event at `offset`, read again (text-on-demand.ts). */
  private readonly textAt = (offset: number): string =>
    storedText((this.stmt.dataAt.get(offset) as { data: string } | undefined)?.data, offset);

  private appendInTx(requests: readonly AppendRequest[], recordedAt: number): AppendResult[] {
    const insert = this.stmt.insert;
    if (!insert) throw new Error(`event store ${this.db.name} is open read-only`);
    // Revisions already written earlier in this same call, for requests repeating a stream.
    const written = new Map<string, number>();
    return requests.map((req) => {
      const current = written.get(req.stream) ?? this.streamRevision(req.stream);
      assertExpectedRevision(req.stream, req.expectedRevision, current);
      let revision = current ?? -1;
      let lastOffset = 0;
      for (const event of req.events) {
        revision += 1;
        const json = encodedJsonOf(event);
        this.txBytes += json.length;
        const info = insert.run(req.stream, revision, event.type, json, recordedAt);
        lastOffset = Number(info.lastInsertRowid);
      }
      if (req.events.length) written.set(req.stream, revision);
      return { stream: req.stream, nextExpectedRevision: revision, lastOffset: lastOffset as Offset };
    });
  }

  private streamRevision(stream: string): number | undefined {
    const row = this.stmt.streamHead.get(stream) as { rev: number | null };
    return row.rev ?? undefined;
  }
}

/** `lazy` gives the parsed data a text read on demand (before upcasting, which may read it). */
function toRecorded(row: EventRow, lazy?: (data: Record<string, unknown>) => Record<string, unknown>): RecordedEvent {
  const parsed = JSON.parse(row.data) as Record<string, unknown>;
  const data = lazy ? lazy(parsed) : parsed;
  return {
    type: row.type,
    data: upcastPageEvent(row.type, data),
    offset: row.global_position as Offset,
    stream: row.stream as StreamName,
    streamRevision: row.stream_revision,
    recordedAt: row.recorded_at,
  } as RecordedEvent;
}
