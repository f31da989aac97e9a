import { must } from '@okapi/domain';
import type { ReadModel } from '../ports/read-model.port';
import { tee } from './async-tee';
import type { BatchHours, BulkFiles } from './bulk-files.port';

export interface SnapshotSelection {
  readonly wiki?: string;
  readonly namespace?: number;
}

/** WME publishes structured-contents snapshots for articles (namespace 0) only. */
export const STRUCTURED_NAMESPACE = 0;

const HOUR_MS = 3600_000;

/**
 * Use case "build a snapshot" (and the hourly batches): which files a run writes, from which rows,
 * in which order, and (pruneBatchHours) which batch hours expire. Plain class over the ReadModel and BulkFiles ports.
 */
export class SnapshotBuilder<R> {
  constructor(
    private readonly readModel: Pick<ReadModel, 'listWikiNamespaces' | 'streamCurrent' | 'listHour' | 'streamHour'>,
    private readonly files: BulkFiles<R>,
  ) {}

  /**
   * Rebuilds the snapshot of every live wiki+namespace (narrowed by `selection`) from
   * `articles_current`, one namespace at a time so memory stays at one export's few blocks.
   * A namespace that had a snapshot but no live page any more gets an empty one, so deleted
   * pages disappear from the next generation (as WME's do) instead of lingering in a stale file.
   * Namespace 0 (articles proper) also gets its structured-contents snapshot (WME beta), derived
   * from the same Articles as the on-demand structured contents.
   */
  async snapshots(
    selection: SnapshotSelection = {},
    onExported: (result: R) => void = () => undefined,
    signal?: AbortSignal,
  ): Promise<R[]> {
    const live = await this.readModel.listWikiNamespaces();
    const gone = (await this.files.publishedSnapshots()).filter(
      (p) => !live.some((l) => l.wiki === p.wiki && l.namespace === p.namespace),
    );
    const pairs = [...live, ...gone].filter(
      (p) =>
        (selection.wiki === undefined || p.wiki === selection.wiki) &&
        (selection.namespace === undefined || p.namespace === selection.namespace),
    );
    const results: R[] = [];
    for (const p of pairs.sort(byWikiNamespace)) {
      signal?.throwIfAborted();
      const structured = p.namespace === STRUCTURED_NAMESPACE;
      // Both files at once from one read of the views (the documents are read and decoded once):
      // the structured contents convert on the derivation workers while this thread writes the
      // Articles (gzip is on its own pool).
      const [articles, again] = tee(readAhead(this.readModel.streamCurrent(p.wiki, p.namespace)), structured ? 2 : 1);
      const exports = [this.files.writeSnapshot(p.wiki, p.namespace, abortable(articles, signal))];
      if (structured) exports.push(this.files.writeStructuredSnapshot(p.wiki, p.namespace, abortable(again, signal)));
      const settled = await Promise.allSettled(exports);
      for (const s of settled) if (s.status === 'rejected') throw s.reason;
      for (const s of settled) {
        const result = (s as PromiseFulfilledResult<R>).value;
        onExported(result);
        results.push(result);
      }
    }
    return results;
  }

  /** Builds `batches/{date}/{HH}/*` from `article_versions_hourly`: each changed page's latest version, deletes included. */
  async batchHour(hour: string, onExported: (result: R) => void = () => undefined, signal?: AbortSignal): Promise<R[]> {
    const { date, hour: hh, start } = parseBatchHour(hour);
    const results: R[] = [];
    const pairs = await this.readModel.listHour(start);
    for (const p of pairs.sort(byWikiNamespace)) {
      signal?.throwIfAborted();
      const docs = mapDocs(readAhead(this.readModel.streamHour(start, p.wiki, p.namespace)));
      const result = await this.files.writeBatch(date, hh, p.wiki, p.namespace, abortable(docs, signal));
      onExported(result);
      results.push(result);
    }
    return results;
  }
}

/** Deletes batch hours that ended more than `retentionHours` before `nowMs`; returns how many. */
export async function pruneBatchHours(files: BatchHours, nowMs: number, retentionHours: number): Promise<number> {
  const cutoff = nowMs - retentionHours * HOUR_MS;
  let removed = 0;
  for (const [date, hh] of await files.batchHours()) {
    if (Date.parse(`${date}T${hh}:00:00Z`) + HOUR_MS > cutoff) continue;
    await files.removeBatchHour(date, hh);
    removed++;
  }
  return removed;
}

const byWikiNamespace = (a: { wiki: string; namespace: number }, b: { wiki: string; namespace: number }): number =>
  a.wiki.localeCompare(b.wiki) || a.namespace - b.namespace;

/** `YYYY-MM-DDTHH` (or a longer RFC3339 within that hour) -> the hour's parts and its RFC3339 start. */
export function parseBatchHour(raw: string): { date: string; hour: string; start: string } {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2})(?::00(?::00(?:\.0+)?)?Z?)?$/.exec(raw.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}:00:00Z`) : NaN;
  // Round-trip: Date.parse rolls 2024-02-30 over to March instead of rejecting it.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 13) !== `${m[1]}T${m[2]}`) {
    throw new RangeError(`"${raw}" is not an hour (YYYY-MM-DDTHH, UTC)`);
  }
  return { date: m[1], hour: m[2], start: `${m[1]}T${m[2]}:00:00Z` };
}

/** The last UTC hour that has fully closed at `nowMs`, as `YYYY-MM-DDTHH`. */
export function previousHour(nowMs: number): string {
  return new Date(Math.floor(nowMs / HOUR_MS) * HOUR_MS - HOUR_MS).toISOString().slice(0, 13);
}

async function* mapDocs(versions: AsyncIterable<{ doc: string }>): AsyncIterable<string> {
  for await (const v of versions) yield v.doc;
}

/** Stops a long export between lines when the process is asked to stop; the writer cleans up. */
export async function* abortable<T>(source: AsyncIterable<T>, signal?: AbortSignal): AsyncIterable<T> {
  for await (const item of source) {
    signal?.throwIfAborted();
    yield item;
  }
}

/**
 * Keeps up to `max` items requested ahead of the consumer, so the read model's next page query
 * is in flight while the last rows are still being compressed. Bounded: `max` Articles.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, max = 64): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  try {
    for (;;) {
      while (queue.length < max) {
        const next = it.next();
        next.catch(() => undefined); // observed in order below
        queue.push(next);
      }
      const r = await must(queue.shift(), 'the next page read');
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}
