import { extname, join } from 'node:path';
import { startModuleWorker } from '../../workers/module-worker';
import { DecidedBatch, RecordRevision } from '@okapi/domain';
import { ParseBatchesOptions, ParsedDump } from './dump-batches';
import {
  deserializeError,
  ParseWorkerCommand,
  ParseWorkerInput,
  ParseWorkerMessage,
  WorkerPipeline,
} from './dump-parse-protocol';

// .ts from the sources (CLI, jest), .js from a build.
const WORKER = join(__dirname, `dump-parse.worker${extname(__filename)}`);

/** One batch from the worker, with its decisions when the worker decided ahead. */
export interface WorkerBatch {
  readonly decided?: DecidedBatch;
  /** The batch's commands: at hand, or fetched from the worker (which holds them until the batch is appended). */
  commands(): Promise<RecordRevision[]>;
}

/** Where the two threads of an import waited (the parse worker's figures, and the importer's). */
export interface ImportPipeline extends WorkerPipeline {
  /** Seconds until the first batch arrived here: the worker's start-up and its first batch. */
  readonly firstBatchS: number;
  /** Seconds this thread waited for batches after the first (the worker was the slower). */
  readonly importerWaitS: number;
}

/** Receives one batch; the worker waits for it. */
export type EmitWorkerBatch = (batch: WorkerBatch) => Promise<void>;

/**
 * parseDumpInBatches on a worker thread: reading, decompressing and parsing overlap with `emit`
 * (decide and append) on this thread, on a second core; with `decideAhead`, the worker decides
 * the batches it parses while this thread is busy, so the two share the decisions. Same
 * contract: batches arrive in file order, each awaited before the worker may run more than
 * `maxInFlight` batches ahead; on a broken dump the complete pages come first, then the same
 * DumpError; `signal` stops it the same way.
 */
export function parseDumpInWorker(
  file: string,
  options: ParseBatchesOptions,
  emit: EmitWorkerBatch,
  { maxInFlight = 2, decideAhead }: Pick<ParseWorkerInput, 'decideAhead'> & { maxInFlight?: number } = {},
): Promise<ParsedDump & { pipeline: ImportPipeline }> {
  const { signal, onProgress, ...crossing } = options;
  const input: ParseWorkerInput = { file, options: crossing, maxInFlight, ...(decideAhead && { decideAhead }) };
  const worker = startModuleWorker(WORKER, { ...input });
  const send = (c: ParseWorkerCommand): void => worker.postMessage(c);
  const started = performance.now();
  let firstBatchS: number | undefined;
  let importerWaitS = 0;
  let idleSince = started;
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = (): void => send('stop');
    const finish = (e: Error | undefined, parsed?: ParsedDump & { pipeline: ImportPipeline }): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      if (e) reject(e);
      else resolve(parsed!);
    };
    // Batches are appended one at a time, in order, however fast the worker posts them; the
    // commands asked for by the batch being appended are answered at once.
    let queue = Promise.resolve();
    const asked = new Map<number, (commands: RecordRevision[]) => void>();
    const commandsOf = (seq: number): Promise<RecordRevision[]> =>
      new Promise((resolve) => {
        asked.set(seq, resolve);
        send({ commandsOf: seq });
      });
    const onMessage = (m: ParseWorkerMessage): void => {
      if (m.kind === 'commands') asked.get(m.seq)?.(m.commands);
      else queue = queue.then(() => handle(m)).catch((e: Error) => finish(e));
    };
    const handle = async (m: Exclude<ParseWorkerMessage, { kind: 'commands' }>): Promise<void> => {
      if (settled) return;
      if (m.kind === 'progress') return onProgress?.(m.progress);
      if (m.kind === 'end') {
        const pipeline = { ...m.pipeline, firstBatchS: firstBatchS ?? 0, importerWaitS };
        finish(undefined, { ...m.parsed, pipeline });
        return;
      }
      if (m.kind === 'error') {
        finish(deserializeError(m.error));
        return;
      }
      const { commands, decided } = m;
      if (firstBatchS === undefined) firstBatchS = (performance.now() - started) / 1000;
      else importerWaitS += (performance.now() - idleSince) / 1000;
      await emit({
        ...(decided && { decided }),
        commands: () => (commands ? Promise.resolve(commands) : commandsOf(decided!.seq)),
      });
      if (signal?.aborted) send('stop');
      send('appended');
      idleSince = performance.now();
    };
    worker.on('message', onMessage);
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => {
      queue = queue.then(() => finish(new Error(`dump parse worker exited with code ${code} before the end`)));
    });
    signal?.addEventListener('abort', stop, { once: true });
  });
}
