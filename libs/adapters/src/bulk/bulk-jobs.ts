import { must } from '@okapi/domain';
import {
  BulkFiles,
  DeadLetterStore,
  pruneBatchHours,
  ReadModel,
  SnapshotBuilder,
  SnapshotSelection,
  sqlLiteral,
} from '@okapi/projections';
import { structuredContentGuarded, structuredContentJsonGuarded } from '../wikitext/guarded-structured-contents';
import { BulkFileStore } from '../storage/bulk-file-store';
import { BulkExporter, ExportResult } from './bulk-exporter';
import { deadLetter, errorText } from '../dead-letters/dead-letter.store';

/** The bulk jobs' name in the dead-letter store and `okapi_dead_letters_total`. */
export const BULK_CONSUMER = 'bulk';

export type { SnapshotSelection } from '@okapi/projections';
export { abortable, parseBatchHour as parseHour, previousHour, readAhead } from '@okapi/projections';

/** Called after each published file (progress lines, stdout JSON). */
export type OnExported = (result: ExportResult) => void;

/**
 * The BulkFiles port over the exporter: tar.gz files published in its BulkFileStore, structured
 * contents converted on the derivation workers (failures dead-lettered in `deadLetters`).
 */
export function bulkFilesOf(exporter: BulkExporter, deadLetters?: DeadLetterStore): BulkFiles<ExportResult> {
  return {
    publishedSnapshots: () => exporter.publishedSnapshots(),
    writeSnapshot: (wiki, namespace, articles) => exporter.snapshot(wiki, namespace, articles),
    writeStructuredSnapshot: (wiki, namespace, articles) =>
      exporter.structuredSnapshot(wiki, namespace, structuredLines(articles, deadLetters)),
    writeBatch: (date, hour, wiki, namespace, articles) => exporter.batch(date, hour, wiki, namespace, articles),
  };
}

/** `okapi snapshot` and the scheduler: SnapshotBuilder.snapshots over the exporter (see there). */
export function buildSnapshots(
  readModel: ReadModel,
  exporter: BulkExporter,
  selection: SnapshotSelection = {},
  onExported: OnExported = () => undefined,
  signal?: AbortSignal,
  deadLetters?: DeadLetterStore,
): Promise<ExportResult[]> {
  return new SnapshotBuilder(readModel, bulkFilesOf(exporter, deadLetters)).snapshots(selection, onExported, signal);
}

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
    if (converting.length >= window) yield* settle(must(converting.shift(), 'a line converting'));
  }
  for (let next = converting.shift(); next; next = converting.shift()) yield* settle(next);
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

/** `okapi batch` and the scheduler: SnapshotBuilder.batchHour over the exporter (see there). */
export function buildBatchHour(
  readModel: ReadModel,
  exporter: BulkExporter,
  hour: string,
  onExported: OnExported = () => undefined,
  signal?: AbortSignal,
): Promise<ExportResult[]> {
  return new SnapshotBuilder(readModel, bulkFilesOf(exporter)).batchHour(hour, onExported, signal);
}

/** Deletes batch hours that ended more than `retentionHours` before `nowMs`; returns how many. */
export function pruneBatches(store: BulkFileStore, nowMs: number, retentionHours: number): Promise<number> {
  return pruneBatchHours(store, nowMs, retentionHours);
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
