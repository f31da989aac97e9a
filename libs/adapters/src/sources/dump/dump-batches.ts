import { StringDecoder } from 'node:string_decoder';
import { RecordRevision } from '@okapi/domain';
import { DumpBatcher } from './dump-batcher';
import { DumpError } from './dump.errors';
import { Bzip2Decoder, DumpCompression, openDumpInput } from './dump-input';
import { DumpSiteInfo } from './dump-site-info';
import { MediaWikiDumpParser } from './mediawiki-dump.parser';

export interface ParseBatchesOptions {
  readonly receivedAt: string;
  readonly batchPages: number;
  readonly wiki?: string;
  readonly bzip2?: Bzip2Decoder;
  /** Stop early: pages already parsed are handed over, then the parse fails with `dump.interrupted`. */
  readonly signal?: AbortSignal;
  /** After every input chunk. */
  readonly onProgress?: (progress: ImportProgress) => void;
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

export interface ParsedDump {
  readonly site?: DumpSiteInfo;
  readonly compression: DumpCompression;
  readonly pages: number;
  readonly revisions: number;
  readonly xmlBytes: number;
}

/** Receives one batch of complete revisions; the parse waits for it (backpressure). */
export type EmitBatch = (commands: RecordRevision[]) => Promise<void>;

const LIMITS = { revisions: 5000, bytes: 32 * 1024 * 1024 };

/**
 * Reads, decompresses and parses a dump, handing `emit` batches of whole pages. Reading pauses
 * while a batch is handed over (the input is pulled), so memory stays flat on multi-GB dumps. On
 * a broken dump the pages completed before the break are handed over first, then the DumpError
 * is thrown.
 */
export async function parseDumpInBatches(
  file: string,
  options: ParseBatchesOptions,
  emit: EmitBatch,
): Promise<ParsedDump> {
  const input = await openDumpInput(file, options.bzip2);
  const batcher = new DumpBatcher(
    { pages: options.batchPages, revisions: Math.max(LIMITS.revisions, options.batchPages), bytes: LIMITS.bytes },
    emit,
  );
  const counts = { pages: 0, revisions: 0, xmlBytes: 0 };
  const parser = new MediaWikiDumpParser({
    file,
    receivedAt: options.receivedAt,
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
  return { site: parser.siteInfo, compression: input.compression, ...counts };
}

function interrupted(file: string, pages: number): DumpError {
  return new DumpError(
    'dump.interrupted',
    `${file}: import interrupted after ${pages} pages; re-run to import the rest`,
    file,
  );
}
