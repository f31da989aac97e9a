import {
  AppendResult,
  EventStore,
  Offset,
  PageEvent,
  pageStream,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamName,
  Subscription,
  toOffset,
} from '@okapi/domain';
import type { DerivationResolver, ResolvedDerivations } from '../ports/derivation-resolver.port';
import { NO_STORED_DOCUMENTS } from '../application/view-store.port';
import type { StoredDocuments, ViewDeadLetters, ViewRows, ViewStore } from '../application/view-store.port';
import type { ArticleDocumentRow } from '../views/article.rows';
import type { CheckpointRow } from '../views/checkpoint';
import type { RevisionRow } from '../views/revision.rows';
import { revisionKey } from '../views/revision.rows';

/**
 * In-memory ports for the use cases' unit specs. The real adapters (SQLite, ClickHouse, ...) are
 * covered by their int-specs and contract suites; these hold just enough to show a use case's decisions.
 */

/** The read side of an event store over an array: offsets 1, 2, ..., one stream per page. */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];

  constructor(events: readonly PageEvent[] = []) {
    this.add(events);
  }

  add(events: readonly PageEvent[]): void {
    for (const e of events) {
      const data = e.data as { wiki: string; pageId: number };
      const stream = pageStream(data.wiki, data.pageId);
      const streamRevision = this.log.filter((r) => r.stream === stream).length;
      this.log.push({ ...e, offset: toOffset(this.log.length + 1), stream, streamRevision, recordedAt: 0 });
    }
  }

  append(): Promise<AppendResult[]> {
    return Promise.reject(new Error('MemoryEventStore: use add()'));
  }

  readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    return Promise.resolve(
      this.log.filter((e) => e.stream === stream && e.streamRevision >= from && e.streamRevision <= to),
    );
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const start = Math.max(0, Number(options.from) - 1);
    return Promise.resolve(this.log.slice(start, start + (options.limit ?? 1000)));
  }

  head(): Promise<Offset> {
    return Promise.resolve(toOffset(this.log.length));
  }

  subscribe(): Subscription {
    throw new Error('MemoryEventStore: no subscriptions');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Views kept as arrays of the rows written; `refuse` makes a write of some rows fail as bad data. */
export class MemoryViewStore implements ViewStore {
  readonly written: ViewRows[] = [];
  readonly checkpointRows: CheckpointRow[] = [];
  readonly invalidated: string[] = [];
  migrations = 0;
  /** Rows (by version) the engine refuses as data; a write containing one fails. */
  refuse = new Set<number>();
  /** When set, every write fails with this (the engine is down). */
  down: Error | undefined;

  migrate(): Promise<void> {
    this.migrations++;
    return Promise.resolve();
  }

  dropViews(): Promise<void> {
    this.written.length = 0;
    this.checkpointRows.length = 0;
    return Promise.resolve();
  }

  checkpoints(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const c of this.checkpointRows)
      out.set(c.projection_name, Math.max(out.get(c.projection_name) ?? 0, c.last_offset));
    return Promise.resolve(out);
  }

  /** None: every document is written again. */
  storedDocuments(): Promise<StoredDocuments> {
    return Promise.resolve(NO_STORED_DOCUMENTS);
  }

  writeRows(rows: ViewRows): Promise<void> {
    if (this.down) return Promise.reject(this.down);
    const all = [...rows.revisions, ...rows.current, ...rows.hourly];
    if (all.some((r) => this.refuse.has(r.version))) return Promise.reject(new Error('refused: bad data'));
    this.written.push(rows);
    return Promise.resolve();
  }

  writeCheckpoints(rows: readonly CheckpointRow[]): Promise<void> {
    this.checkpointRows.push(...rows);
    return Promise.resolve();
  }

  revisionRowsFor(
    _events: readonly RecordedEvent[],
    known?: ReadonlyMap<string, RevisionRow>,
  ): Promise<ReadonlyMap<string, RevisionRow>> {
    const out = new Map<string, RevisionRow>();
    for (const r of this.rows('revisions')) {
      const key = revisionKey(r.wiki, r.page_id, r.revision_id);
      if (!known?.has(key)) out.set(key, r);
    }
    return Promise.resolve(out);
  }

  deleteOrphanDocuments(upTo: number): Promise<number> {
    const named = new Set<string>();
    const latest = <R extends { version: number }>(rows: R[], key: (r: R) => string): R[] => {
      const byKey = new Map<string, R>();
      for (const r of rows) if ((byKey.get(key(r))?.version ?? -1) <= r.version) byKey.set(key(r), r);
      return [...byKey.values()];
    };
    for (const r of latest(this.rows('current'), (r) => `${r.wiki}|${r.namespace}|${r.name}|${r.page_id}`))
      if (!r.deleted) named.add(`${r.wiki}|${r.page_id}|${r.version}`);
    for (const r of latest(this.rows('hourly'), (r) => `${r.hour}|${r.wiki}|${r.namespace}|${r.page_id}`))
      named.add(`${r.wiki}|${r.page_id}|${r.version}`);
    const orphan = (d: ArticleDocumentRow) => d.version <= upTo && !named.has(`${d.wiki}|${d.page_id}|${d.version}`);
    const found = this.rows('documents').filter(orphan).length;
    this.written.forEach((w, i) => (this.written[i] = { ...w, documents: w.documents.filter((d) => !orphan(d)) }));
    return Promise.resolve(found);
  }

  invalidateNames(names: ReadonlySet<string>): void {
    this.invalidated.push(...names);
  }

  blamesData(error: unknown): Promise<boolean> {
    return Promise.resolve(error !== this.down && String(error).includes('bad data'));
  }

  rows<K extends keyof ViewRows>(kind: K): ViewRows[K][number][] {
    return this.written.flatMap<ViewRows[K][number]>((w) => [...w[kind]]);
  }
}

/** Dead letters as a list of what happened to them. */
export class MemoryDeadLetters implements ViewDeadLetters {
  readonly log: string[] = [];

  setAside(event: RecordedEvent, error: unknown): Promise<void> {
    this.log.push(`aside ${Number(event.offset)}: ${String(error)}`);
    return Promise.resolve();
  }

  derivationFailed(event: RecordedEvent, reason: string): Promise<void> {
    this.log.push(`derivation ${Number(event.offset)}: ${reason}`);
    return Promise.resolve();
  }

  landed(offset: number): Promise<void> {
    this.log.push(`landed ${offset}`);
    return Promise.resolve();
  }

  failedAgain(event: RecordedEvent, error: unknown): Promise<void> {
    this.log.push(`failed ${Number(event.offset)}: ${String(error)}`);
    return Promise.resolve();
  }
}

/** Derivations that derive nothing (documents without html/abstract/...): enough for row decisions. */
export const NOTHING_DERIVED: DerivationResolver = {
  resolve: (): Promise<ResolvedDerivations> =>
    Promise.resolve(Object.assign(() => undefined, { failed: 0, failureOf: () => undefined })),
};
