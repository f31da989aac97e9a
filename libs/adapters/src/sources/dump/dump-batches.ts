import { StringDecoder } from 'node:string_decoder';
import { RecordRevision } from '@okapi/domain';
import { DumpBatcher } from './dump-batcher';
import { DumpError } from './dump.errors';
import { Bzip2Decoder, DumpCompression, openDumpInput } from './dump-input';
import { DumpSiteInfo } from './dump-site-info';
import { MediaWikiDumpParser } from './mediawiki-dump.parser';
import { VerifiedStage } from './verified-stage';
import { promised } from '../../errors/promised';

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
/** Input bytes decoded into one string for the parser (see where it is used). */
const DECODE_SLICE = 32 * 1024;

/**
 * Reads, decompresses and parses a dump, handing `emit` batches of whole pages. Reading pauses
 * while a batch is handed over (the input is pulled), so memory stays flat on multi-GB dumps.
 * A batch is handed over only once the compressed bytes it was parsed from passed their checksum
 * (gzip: per member; bzip2: per block, 48 MiB behind; xz: at the end), staged until then (verified-stage.ts). On a broken
 * dump the verified pages completed before the break are handed over first, then the DumpError
 * is thrown; pages from a damaged member are dropped, never appended.
 */
export async function parseDumpInBatches(
  file: string,
  options: ParseBatchesOptions,
  emit: EmitBatch,
): Promise<ParsedDump> {
  const input = await openDumpInput(file, options.bzip2);
  const counts = { pages: 0, revisions: 0, xmlBytes: 0 };
  const stage = new VerifiedStage(emit);
  // A batch needs every byte fed so far: it may hold a revision completed by the last chunk.
  const batcher = new DumpBatcher(
    { pages: options.batchPages, revisions: Math.max(LIMITS.revisions, options.batchPages), bytes: LIMITS.bytes },
    (batch) => promised(() => stage.add(batch, counts.xmlBytes)),
  );
  // When a new checkpoint covers everything fed (a gzip member's trailer matched), what the
  // batcher holds is verified too: flush it, so a member's pages go out at its end.
  let checkpoint = -1;
  const commitVerified = async (): Promise<void> => {
    const verified = input.verifiedBytes();
    if (verified >= counts.xmlBytes && verified !== checkpoint && verified !== Infinity) await batcher.flush();
    checkpoint = verified;
    await stage.commit(verified);
  };
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
  const chunks = input.chunks[Symbol.asyncIterator]();
  try {
    const decoder = new StringDecoder('utf8');
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const chunk = next.value;
      await commitVerified();
      counts.xmlBytes += chunk.length;
      // In slices: a string of 128 KiB or more goes to V8's large-object space, allocated and
      // freed one by one (mmap, page faults, full collections): decoding a 256 KiB read at once
      // ran at ~100 MB/s, in 32 KiB slices (64 KiB at most as UTF-16) at several GB/s.
      for (let at = 0; at < chunk.length; at += DECODE_SLICE)
        parser.write(decoder.write(chunk.subarray(at, at + DECODE_SLICE)));
      if (batcher.full) await batcher.flush();
      progress();
      if (options.signal?.aborted) throw interrupted(file, counts.pages);
    }
    parser.write(decoder.end());
    parser.end();
  } catch (e) {
    // Keep what was complete before the failure (the batcher holds only complete revisions), as
    // far as its bytes are verified; the rest is dropped and the re-run imports it.
    if (e instanceof DumpError) {
      await batcher.flush();
      await commitVerified();
    }
    stage.discard();
    // Bad XML in unverified bytes is most likely the damage itself: name that when the decoder
    // confirms it within the next block or so.
    if (e instanceof DumpError && e.code === 'dump.malformed' && input.verifiedBytes() < counts.xmlBytes)
      throw (await decoderFailure(chunks)) ?? e;
    throw e;
  } finally {
    await chunks.return?.();
  }
  await batcher.flush();
  await commitVerified();
  if (!stage.empty) throw new Error(`${file}: the decoder ended without verifying its output`);
  progress();
  return { site: parser.siteInfo, compression: input.compression, ...counts };
}

/** Reads on (up to 16 MiB) and returns the decoder's own DumpError if it reports one. */
async function decoderFailure(chunks: AsyncIterator<Buffer>): Promise<DumpError | undefined> {
  try {
    for (let seen = 0, next = await chunks.next(); !next.done && seen < 16 * 1024 * 1024; next = await chunks.next())
      seen += next.value.length;
  } catch (e) {
    if (e instanceof DumpError && e.code === 'dump.decompression_failed') return e;
  }
  return undefined;
}

function interrupted(file: string, pages: number): DumpError {
  return new DumpError(
    'dump.interrupted',
    `${file}: import interrupted after ${pages} pages; re-run to import the rest`,
    file,
  );
}
