import { StringDecoder } from 'node:string_decoder';
import { PageCommandHandler } from '@okapi/domain';
import { Runtime } from '../../runtime/runtime';
import { AppendBatch, DumpBatcher } from './dump-batcher';
import { DumpError } from './dump.errors';
import { Bzip2Decoder, DumpCompression, openDumpInput } from './dump-input';
import { MediaWikiDumpParser } from './mediawiki-dump.parser';

export interface ImportDumpOptions {
  /** RFC3339 command time stamped on every revision (default: now, once per import). */
  readonly receivedAt?: string;
  /** About this many complete pages per append / transaction (default 500). */
  readonly batchPages?: number;
  /** Wiki id when the dump has no `<siteinfo><dbname>` (default: none, which is an error then). */
  readonly wiki?: string;
  /** bzip2 decoder (default `auto`: system lbzip2/bzip2, else pure JS). */
  readonly bzip2?: Bzip2Decoder;
  /** Called after every input chunk; cheap, throttle rendering on the caller's side. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Stop early: pages already parsed are appended, then the import fails with `dump.interrupted`. */
  readonly signal?: AbortSignal;
}

export interface ImportProgress {
  readonly pages: number;
  readonly revisions: number;
  /** Decompressed XML bytes parsed. */
  readonly xmlBytes: number;
  /** Bytes of the file read (compressed, when it is). */
  readonly fileBytesRead: number;
  readonly fileBytes: number;
}

export interface ImportStats {
  readonly file: string;
  readonly wiki: string;
  readonly compression: DumpCompression;
  readonly schemaVersion: string;
  readonly pages: number;
  readonly revisions: number;
  readonly appended: number;
  readonly duplicates: number;
  readonly xmlBytes: number;
  readonly seconds: number;
}

const DEFAULTS = { batchPages: 500, batchRevisions: 5000, batchBytes: 32 * 1024 * 1024 };

/**
 * Imports a dump into the runtime's event store through the page decider (idempotent by revision
 * id: importing the same file twice appends nothing the second time).
 */
export function importDump(
  file: string,
  runtime: Pick<Runtime, 'config' | 'eventStore'>,
  options: ImportDumpOptions = {},
): Promise<ImportStats> {
  // A dump brings each page once: folded states are not needed after their batch, so keep few.
  const cacheSize = Math.max(1000, options.batchPages ?? 0);
  const handler = new PageCommandHandler(runtime.eventStore, {
    suspectThreshold: runtime.config.suspectThreshold,
    cacheSize,
  });
  return importDumpWith(file, (commands) => handler.handle(commands), options);
}

/**
 * Streams a MediaWiki dump into `append` in batches of whole pages. Reading pauses while a batch
 * is appended (the input is pulled), so memory stays flat on multi-GB dumps. On a broken dump the
 * pages completed before the break are appended first, then the DumpError is thrown; as appends
 * are idempotent by revision id, re-running on the fixed file appends only the rest.
 */
export async function importDumpWith(
  file: string,
  append: AppendBatch,
  options: ImportDumpOptions = {},
): Promise<ImportStats> {
  const started = performance.now();
  const input = await openDumpInput(file, options.bzip2);
  const batchPages = options.batchPages ?? DEFAULTS.batchPages;
  const batcher = new DumpBatcher(
    { pages: batchPages, revisions: Math.max(DEFAULTS.batchRevisions, batchPages), bytes: DEFAULTS.batchBytes },
    append,
  );
  const counts = { pages: 0, revisions: 0, xmlBytes: 0 };
  const parser = new MediaWikiDumpParser({
    file,
    receivedAt: options.receivedAt ?? new Date().toISOString(),
    wiki: options.wiki,
    onRevisions: (revisions, complete) => {
      batcher.add(revisions, complete);
      counts.revisions += revisions.length;
      if (complete) counts.pages++;
    },
  });
  const progress = (): void =>
    options.onProgress?.({ ...counts, fileBytesRead: input.bytesRead(), fileBytes: input.sizeBytes });
  try {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of input.chunks) {
      counts.xmlBytes += chunk.length;
      parser.write(decoder.write(chunk));
      if (batcher.full) await batcher.flush();
      progress();
      if (options.signal?.aborted) throw interrupted(file, counts.pages);
    }
    parser.write(decoder.end());
    parser.end();
  } catch (e) {
    // Keep what was complete before the failure; the batcher holds only complete revisions.
    if (e instanceof DumpError) await batcher.flush();
    throw e;
  }
  await batcher.flush();
  progress();
  const site = parser.siteInfo;
  return {
    file,
    wiki: site?.wiki ?? options.wiki ?? '',
    compression: input.compression,
    schemaVersion: site?.schemaVersion ?? '',
    ...counts,
    appended: batcher.appended,
    duplicates: batcher.duplicates,
    seconds: (performance.now() - started) / 1000,
  };
}

function interrupted(file: string, pages: number): DumpError {
  return new DumpError(
    'dump.interrupted',
    `${file}: import interrupted after ${pages} pages; re-run to import the rest`,
    file,
  );
}
