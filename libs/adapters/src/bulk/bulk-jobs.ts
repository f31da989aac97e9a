import { ReadModel, sqlLiteral, DeadLetterStore } from '@okapi/projections';
import { structuredContentGuarded, structuredContentJsonGuarded } from '../wikitext/guarded-structured-contents';
import { BulkFileStore } from '../storage/bulk-file-store';
import { BulkExporter, ExportResult } from './bulk-exporter';
import { deadLetter, errorText } from '../dead-letters/dead-letter.store';

/** The bulk jobs' name in the dead-letter store and `okapi_dead_letters_total`. */
export const BULK_CONSUMER = 'bulk';

export interface SnapshotSelection {
  readonly wiki?: string;
  readonly namespace?: number;
}

/** Called after each published file (progress lines, stdout JSON). */
export type OnExported = (result: ExportResult) => void;

/**
 * Rebuilds the snapshot of every live wiki+namespace (narrowed by `selection`) from
 * `articles_current`, one namespace at a time so memory stays at one export's few blocks.
 * A namespace that had a snapshot but no live page any more gets an empty one, so deleted
 * pages disappear from the next generation (as WME's do) instead of lingering in a stale file.
 * Namespace 0 (articles proper) also gets its structured-contents snapshot (WME beta), derived
 * from the same Articles as the on-demand structured contents.
 */
export async function buildSnapshots(
  readModel: ReadModel,
  exporter: BulkExporter,
  selection: SnapshotSelection = {},
  onExported: OnExported = () => undefined,
  signal?: AbortSignal,
  deadLetters?: DeadLetterStore,
): Promise<ExportResult[]> {
  const live = await readModel.listWikiNamespaces();
  const gone = (await exporter.publishedSnapshots()).filter(
    (p) => !live.some((l) => l.wiki === p.wiki && l.namespace === p.namespace),
  );
  const pairs = [...live, ...gone].filter(
    (p) =>
      (selection.wiki === undefined || p.wiki === selection.wiki) &&
      (selection.namespace === undefined || p.namespace === selection.namespace),
  );
  const results: ExportResult[] = [];
  for (const p of pairs.sort((a, b) => a.wiki.localeCompare(b.wiki) || a.namespace - b.namespace)) {
    signal?.throwIfAborted();
    const articles = () => abortable(readAhead(readModel.streamCurrent(p.wiki, p.namespace)), signal);
    // Both files at once: the structured contents convert on the derivation workers while this
    // thread writes the Articles (gzip is on its own pool).
    const exports = [exporter.snapshot(p.wiki, p.namespace, articles())];
    if (p.namespace === STRUCTURED_NAMESPACE)
      exports.push(exporter.structuredSnapshot(p.wiki, p.namespace, structuredLines(articles(), deadLetters)));
    const settled = await Promise.allSettled(exports);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    for (const s of settled) {
      const result = (s as PromiseFulfilledResult<ExportResult>).value;
      onExported(result);
      results.push(result);
    }
  }
  return results;
}

/** WME publishes structured-contents snapshots for articles (namespace 0) only. */
const STRUCTURED_NAMESPACE = 0;

/**
 * Articles converting at once: enough to keep every derivation worker busy while this thread
 * reads and writes the others, few enough that memory stays at a few dozen Articles.
 */
export const STRUCTURED_WINDOW = 32;

interface Converting {
  readonly doc: string;
  readonly line: Promise<string>;
}

/**
 * Structured contents of each Article, in order, up to `window` converting at once on the
 * derivation workers, each under the derivation deadline: wtf_wikipedia (~1 ms of CPU per
 * realistic page, most of a snapshot's cost) uses every core, and the event loop (the HTTP API
 * shares it with the bulk scheduler) only passes strings along. `convert`, when given, runs on
 * this thread instead. One that cannot be converted (or not in time) is dead-lettered (by its
 * event offset) and left out, so one bad Article never fails a whole snapshot; without a store,
 * or when the line does not even name its event, the export fails as before (never a silent drop).
 */
export async function* structuredLines(
  docs: AsyncIterable<string>,
  deadLetters?: DeadLetterStore,
  convert?: (article: Record<string, unknown>) => unknown,
  window = STRUCTURED_WINDOW,
): AsyncIterable<string> {
  const toLine = convert
    ? async (doc: string) => JSON.stringify(await convert(JSON.parse(doc) as Record<string, unknown>))
    : (doc: string) => structuredContentJsonGuarded(doc);
  const converting: Converting[] = [];
  async function* settle(c: Converting): AsyncIterable<string> {
    try {
      yield await c.line;
    } catch (e) {
      // A line that is not JSON fails the export with its SyntaxError.
      const event = eventOf(JSON.parse(c.doc) as Record<string, unknown>);
      if (!deadLetters || !event) throw e;
      await deadLetter(deadLetters, BULK_CONSUMER, event, e);
      process.stderr.write(`bulk: article of event ${event.offset} (${event.stream}) left out: ${errorText(e)}\n`);
    }
  }
  for await (const doc of docs) {
    const line = toLine(doc);
    line.catch(() => undefined); // a failure waiting its turn is handled when its turn comes
    converting.push({ doc, line });
    if (converting.length >= window) yield* settle(converting.shift()!);
  }
  while (converting.length) yield* settle(converting.shift()!);
}

/** The event an Article came from: `event.offset`, its page's stream, `article:{event.type}`. */
function eventOf(a: Record<string, unknown>): { offset: number; stream: string; type: string } | undefined {
  const ev = a.event as { offset?: unknown; type?: unknown } | undefined;
  const wiki = (a.is_part_of as { identifier?: unknown } | undefined)?.identifier;
  if (typeof ev?.offset !== 'number' || typeof wiki !== 'string' || typeof a.identifier !== 'number') return undefined;
  return {
    offset: ev.offset,
    stream: `page-${wiki}-${a.identifier}`,
    type: `article:${typeof ev.type === 'string' ? ev.type : 'update'}`,
  };
}

/** `YYYY-MM-DDTHH` (or a longer RFC3339 within that hour) -> the hour's parts and its RFC3339 start. */
export function parseHour(raw: string): { date: string; hour: string; start: string } {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2})(?::00(?::00(?:\.0+)?)?Z?)?$/.exec(raw.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}:00:00Z`) : NaN;
  // Round-trip: Date.parse rolls 2024-02-30 over to March instead of rejecting it.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 13) !== `${m[1]}T${m[2]}`) {
    throw new RangeError(`"${raw}" is not an hour (YYYY-MM-DDTHH, UTC)`);
  }
  return { date: m[1], hour: m[2], start: `${m[1]}T${m[2]}:00:00Z` };
}

/** Builds `batches/{date}/{HH}/*` from `article_versions_hourly`: each changed page's latest version, deletes included. */
export async function buildBatchHour(
  readModel: ReadModel,
  exporter: BulkExporter,
  hour: string,
  onExported: OnExported = () => undefined,
  signal?: AbortSignal,
): Promise<ExportResult[]> {
  const { date, hour: hh, start } = parseHour(hour);
  const results: ExportResult[] = [];
  const pairs = await readModel.listHour(start);
  for (const p of pairs.sort((a, b) => a.wiki.localeCompare(b.wiki) || a.namespace - b.namespace)) {
    signal?.throwIfAborted();
    const docs = mapDocs(readAhead(readModel.streamHour(start, p.wiki, p.namespace)));
    const result = await exporter.batch(date, hh, p.wiki, p.namespace, abortable(docs, signal));
    onExported(result);
    results.push(result);
  }
  return results;
}

const HOUR_MS = 3600_000;

/** The last UTC hour that has fully closed at `nowMs`, as `YYYY-MM-DDTHH`. */
export function previousHour(nowMs: number): string {
  return new Date(Math.floor(nowMs / HOUR_MS) * HOUR_MS - HOUR_MS).toISOString().slice(0, 13);
}

/** Deletes batch hours that ended more than `retentionHours` before `nowMs`; returns how many. */
export async function pruneBatches(store: BulkFileStore, nowMs: number, retentionHours: number): Promise<number> {
  const cutoff = nowMs - retentionHours * HOUR_MS;
  let removed = 0;
  for (const [date, hh] of await store.batchHours()) {
    if (Date.parse(`${date}T${hh}:00:00Z`) + HOUR_MS > cutoff) continue;
    await store.removeBatchHour(date, hh);
    removed++;
  }
  return removed;
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
      const r = await queue.shift()!;
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/**
 * `okapi dead-letters retry` for bulk letters: a letter whose page's current Article now converts
 * is removed (the next snapshot carries it); the others stay, with one more attempt.
 */
export async function retryBulkLetters(
  engine: { query<T>(sql: string): Promise<T[]> },
  store: DeadLetterStore,
  offsets: readonly number[],
): Promise<{ landed: number[]; failed: { offset: number; error: string }[] }> {
  const landed: number[] = [];
  const failed: { offset: number; error: string }[] = [];
  const letters = new Map((await store.list(BULK_CONSUMER)).map((l) => [l.offset, l]));
  for (const offset of offsets) {
    const letter = letters.get(offset);
    if (!letter) continue;
    const cut = letter.stream.lastIndexOf('-');
    const wiki = letter.stream.slice('page-'.length, cut);
    const pageId = Number(letter.stream.slice(cut + 1));
    try {
      const rows = await engine.query<{ doc: string }>(
        `SELECT doc FROM article_documents WHERE wiki = ${sqlLiteral(wiki)} AND page_id = ${sqlLiteral(pageId)} AND version IN
         (SELECT version FROM (SELECT * FROM articles_current FINAL WHERE wiki = ${sqlLiteral(wiki)} AND page_id = ${sqlLiteral(pageId)}) WHERE deleted = 0)
         LIMIT 1 BY version`,
      );
      for (const r of rows) await structuredContentGuarded(JSON.parse(r.doc) as Record<string, unknown>);
      await store.remove(BULK_CONSUMER, offset);
      landed.push(offset);
    } catch (e) {
      await store.record({ ...letter, error: errorText(e), at: new Date().toISOString() });
      failed.push({ offset, error: errorText(e) });
    }
  }
  return { landed, failed };
}
