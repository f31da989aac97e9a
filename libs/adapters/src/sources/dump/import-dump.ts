import { stat } from 'node:fs/promises';
import { PageCommandHandler, RecordRevision } from '@okapi/domain';
import { Runtime } from '../../runtime/runtime';
import { ImportProgress, parseDumpInBatches, ParseBatchesOptions, ParsedDump } from './dump-batches';
import { Bzip2Decoder, DumpCompression } from './dump-input';
import { startDecideWorker } from './dump-decide.client';
import { DecisionSharing, ImportPipeline } from './decision-sharing';

export type { ImportProgress } from './dump-batches';
export type { ImportPipeline } from './decision-sharing';

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
   * Share the decisions with a worker thread, while this one reads, parses and appends (default:
   * for files of at least 4 MiB, where it pays for the worker's start-up).
   */
  readonly decideWorker?: boolean;
  /**
   * With the worker, which parts of the batches it decides ahead of the store (default `share`:
   * it is kept two parts ahead, and this thread decides queued parts when it would otherwise
   * wait; `all`: every one, once started, as tests and measurements want it).
   */
  readonly workerDecides?: 'share' | 'all';
}

/** What appending one batch returned (PageCommandHandler.handle's result, minus the offset). */
interface AppendOutcome {
  readonly appended: number;
  readonly duplicates: number;
}

type AppendBatch = (commands: RecordRevision[]) => Promise<AppendOutcome>;

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
  /** Whether a worker thread shared the decisions. */
  readonly decideWorker: boolean;
  /** importDump with a worker: how the decisions were shared, and what this thread waited. */
  readonly pipeline?: ImportPipeline;
}

const DEFAULT_BATCH_PAGES = 500;
const WORKER_MIN_FILE_BYTES = 4 * 1024 * 1024;
/** Batches parsed and not yet appended, at most (memory: a batch is <= 32 MiB of text). */
const MAX_IN_FLIGHT = 4;

/**
 * Imports a dump into the runtime's event store through the page decider (idempotent by revision
 * id: importing the same file twice appends nothing the second time). On a file worth it, a
 * worker thread shares the decisions, most of an import's work (DecisionSharing): this thread
 * reads, parses and appends, and decides queued parts when it would otherwise wait. A batch decided
 * ahead of the store whose bet is lost (pages already in the store) is decided again here.
 */
export async function importDump(
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
  if (!(options.decideWorker ?? (await worthAWorker(file)))) {
    const stats = await importWith(file, (commands) => handler.handle(commands), options);
    return { ...stats, decideWorker: false };
  }
  const worker = startDecideWorker({ decide: decideOptions });
  const sharing = new DecisionSharing(handler, decideOptions, worker, {
    maxInFlight: MAX_IN_FLIGHT,
    allToWorker: options.workerDecides === 'all',
  });
  try {
    const stats = await importWith(
      file,
      async (commands) => (await sharing.add(commands), { appended: 0, duplicates: 0 }),
      options,
      () => sharing.drain(),
    );
    return { ...stats, ...sharing.tally, decideWorker: true, pipeline: sharing.pipeline };
  } finally {
    await worker.close();
  }
}

/**
 * Streams a MediaWiki dump into `append` in batches of whole pages. On a broken dump the pages
 * completed before the break are appended first, then the DumpError is thrown; as appends are
 * idempotent by revision id, re-running on the fixed file appends only the rest. `settle` waits
 * for what `append` took to be stored (also before a parse error is thrown).
 */
async function importWith(
  file: string,
  append: AppendBatch,
  options: ImportDumpOptions,
  settle: () => Promise<void> = () => Promise.resolve(),
): Promise<Omit<ImportStats, 'decideWorker'>> {
  const started = performance.now();
  const tally = { appended: 0, duplicates: 0 };
  const emit = async (commands: RecordRevision[]): Promise<void> => {
    const outcome = await append(commands);
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
  let parsed: ParsedDump;
  try {
    parsed = await parseDumpInBatches(file, parseOptions, emit);
  } catch (e) {
    await settle(); // the batches complete before a broken dump's error are kept
    throw e;
  }
  await settle();
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
