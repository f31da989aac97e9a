import { stat } from 'node:fs/promises';
import { PageCommandHandler, RecordRevision } from '@okapi/domain';
import { Runtime } from '../../runtime/runtime';
import { ImportProgress, parseDumpInBatches, ParseBatchesOptions, ParsedDump } from './dump-batches';
import { Bzip2Decoder, DumpCompression } from './dump-input';
import { ImportPipeline, parseDumpInWorker, WorkerBatch } from './dump-parse.client';
import { ParseWorkerInput } from './dump-parse-protocol';

export type { ImportProgress } from './dump-batches';
export type { ImportPipeline } from './dump-parse.client';

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
  /**
   * Read and parse on a worker thread, overlapping with decide and append here (default: for
   * files of at least 4 MiB, where it pays for the worker's start-up).
   */
  readonly parseWorker?: boolean;
  /**
   * With the parse on a worker, which batches it decides ahead of the store (default `share`: those
   * it parses while this thread is busy, so both threads decide; `all`: every one it can, this
   * thread only appends, as tests and measurements want it).
   */
  readonly workerDecides?: 'share' | 'all';
}

/** What appending one batch returned (PageCommandHandler.handle's result, minus the offset). */
export interface AppendOutcome {
  readonly appended: number;
  readonly duplicates: number;
}

export type AppendBatch = (commands: RecordRevision[]) => Promise<AppendOutcome>;

/** Appends one batch as the worker handed it over: decided ahead (see importDump), or commands. */
type AppendWorkerBatch = (batch: WorkerBatch) => Promise<AppendOutcome>;

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
  /** Whether parsing ran on a worker thread. */
  readonly parseWorker: boolean;
  /** With the parse on a worker: how the batches were shared and where each thread waited. */
  readonly pipeline?: ImportPipeline;
}

const DEFAULT_BATCH_PAGES = 500;
const WORKER_MIN_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Imports a dump into the runtime's event store through the page decider (idempotent by revision
 * id: importing the same file twice appends nothing the second time). With the parse on a worker,
 * deciding (most of the work: the revert-risk score of every revision) is shared: the worker
 * decides ahead of the store (PageDecisionsAhead) the batches it parses while this thread is busy,
 * this thread decides the others from the store and appends them all, in order; a batch whose bet
 * is lost (pages already in the store) is decided again here, from the store.
 */
export function importDump(
  file: string,
  runtime: Pick<Runtime, 'config' | 'eventStore'>,
  options: ImportDumpOptions = {},
): Promise<ImportStats> {
  // A dump brings each page once: folded states are not needed after their batch, so keep few.
  const decideOptions = {
    suspectThreshold: runtime.config.suspectThreshold,
    cacheSize: Math.max(1000, options.batchPages ?? 0),
  };
  const handler = new PageCommandHandler(runtime.eventStore, decideOptions);
  const append: AppendWorkerBatch = async (batch) =>
    batch.decided
      ? handler.handleDecided(batch.decided, () => batch.commands())
      : handler.handle(await batch.commands());
  return importWith(file, append, options, { ...decideOptions, share: options.workerDecides !== 'all' });
}

/**
 * Streams a MediaWiki dump into `append` in batches of whole pages, parsing the next batch (on a
 * worker thread) while this one is appended. Memory stays flat on multi-GB dumps: the parser runs
 * at most two batches ahead. On a broken dump the pages completed before the break are appended
 * first, then the DumpError is thrown; as appends are idempotent by revision id, re-running on
 * the fixed file appends only the rest.
 */
export function importDumpWith(
  file: string,
  append: AppendBatch,
  options: ImportDumpOptions = {},
): Promise<ImportStats> {
  return importWith(file, async (batch) => append(await batch.commands()), options);
}

async function importWith(
  file: string,
  append: AppendWorkerBatch,
  options: ImportDumpOptions,
  decideAhead?: ParseWorkerInput['decideAhead'],
): Promise<ImportStats> {
  const started = performance.now();
  const tally = { appended: 0, duplicates: 0 };
  const emit = async (batch: WorkerBatch): Promise<void> => {
    const outcome = await append(batch);
    tally.appended += outcome.appended;
    tally.duplicates += outcome.duplicates;
  };
  const parseOptions: ParseBatchesOptions = {
    receivedAt: options.receivedAt ?? new Date().toISOString(),
    batchPages: options.batchPages ?? DEFAULT_BATCH_PAGES,
    wiki: options.wiki,
    bzip2: options.bzip2,
    signal: options.signal,
    onProgress: options.onProgress,
  };
  const parseWorker = options.parseWorker ?? (await worthAWorker(file));
  const parsed: ParsedDump & { pipeline?: ImportPipeline } = parseWorker
    ? await parseDumpInWorker(file, parseOptions, emit, { decideAhead })
    : await parseDumpInBatches(file, parseOptions, (commands) => emit({ commands: () => Promise.resolve(commands) }));
  const site = parsed.site;
  return {
    file,
    wiki: site?.wiki ?? options.wiki ?? '',
    compression: parsed.compression,
    schemaVersion: site?.schemaVersion ?? '',
    pages: parsed.pages,
    revisions: parsed.revisions,
    xmlBytes: parsed.xmlBytes,
    ...tally,
    seconds: (performance.now() - started) / 1000,
    parseWorker,
    ...(parsed.pipeline && { pipeline: parsed.pipeline }),
  };
}

/** Big enough for the overlap to pay; a missing file is reported by the parse, with its error. */
async function worthAWorker(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size >= WORKER_MIN_FILE_BYTES;
  } catch {
    return false;
  }
}
