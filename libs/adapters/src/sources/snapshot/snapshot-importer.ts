import { PageCommand } from '@okapi/domain';
import { CommandSink } from '@okapi/domain';
import { IngestCounters } from '../plumbing/ingest.metrics';
import { OkapiError } from '../../errors/okapi-error';
import { readSnapshot, SnapshotFormatError, SnapshotLine } from './snapshot-reader';
import { articleToRecordRevision, InvalidArticle } from './wme-article.mapper';

export interface SnapshotImportOptions {
  /** Articles per append transaction (default 200: lines carry full HTML). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Told about each line that is not a usable Article; the import goes on. */
  readonly onRejected?: (where: string, lineNo: number, reason: string) => void;
  readonly onProgress?: (stats: SnapshotImportStats) => void;
  readonly now?: () => Date;
}

export interface SnapshotImportStats {
  articles: number;
  appended: number;
  duplicates: number;
  rejected: number;
  /** Uncompressed NDJSON bytes read. */
  bytes: number;
}

/**
 * `okapi import-snapshot`: every Article line becomes a RecordRevision of its version (with
 * html, wikitext, scores and the rest of WME's enrichment). Re-importing is a no-op per revision.
 */
export async function importSnapshot(
  file: string,
  sink: CommandSink,
  options: SnapshotImportOptions = {},
): Promise<SnapshotImportStats> {
  const stats: SnapshotImportStats = { articles: 0, appended: 0, duplicates: 0, rejected: 0, bytes: 0 };
  const counters = new IngestCounters('snapshot');
  const now = options.now ?? (() => new Date());
  const size = options.batchSize ?? 200;
  let batch: PageCommand[] = [];
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const result = await sink.handle(batch);
    stats.appended += result.appended;
    stats.duplicates += result.duplicates;
    counters.add('appended', result.appended);
    counters.add('duplicates', result.duplicates);
    batch = [];
    options.onProgress?.(stats);
  };
  let last: SnapshotLine | undefined;
  try {
    for await (const line of readSnapshot(file)) {
      last = line;
      if (options.signal?.aborted) break;
      stats.bytes += Buffer.byteLength(line.text) + 1;
      counters.add('received');
      try {
        batch.push(articleToRecordRevision(line.text, now().toISOString()));
        stats.articles++;
      } catch (e) {
        if (!(e instanceof InvalidArticle)) throw e;
        stats.rejected++;
        counters.add('deadLettered', 1, 'malformed');
        options.onRejected?.(line.where, line.lineNo, e.message);
      }
      if (batch.length >= size) await flush();
    }
  } catch (e) {
    if (!(e instanceof SnapshotFormatError)) throw e;
    // Every whole record before the damage is kept; the re-run on a repaired file adds the rest.
    await flush();
    throw truncated(file, stats.articles + stats.rejected, last, e);
  }
  await flush();
  return stats;
}

function truncated(file: string, records: number, last: SnapshotLine | undefined, e: SnapshotFormatError): OkapiError {
  const where = last ? `${last.where} after byte ${last.end}` : `${file} at its start`;
  return new OkapiError(
    'snapshot.truncated',
    422,
    `${file}: damaged or truncated: stopped at record ${records + 1} (${where}; compressed byte offset ${
      e.compressedOffset ?? 0
    }): ${e.message.replace(`${file}: `, '')}; the ${records} whole records before it were imported`,
    { file, record: records + 1, offset: last?.end ?? 0, compressedOffset: e.compressedOffset },
  );
}
