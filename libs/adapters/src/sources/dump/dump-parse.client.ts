import { extname, join } from 'node:path';
import { startModuleWorker } from '../../workers/module-worker';
import { RecordRevision } from '@okapi/domain';
import { ParseBatchesOptions, ParsedDump } from './dump-batches';
import { deserializeError, ParseWorkerCommand, ParseWorkerInput, ParseWorkerMessage } from './dump-parse-protocol';
import { toError } from '../../errors/to-error';

// .ts from the sources (CLI, jest), .js from a build.
const WORKER = join(__dirname, `dump-parse.worker${extname(__filename)}`);

/** Receives one batch; the worker waits for it. */
export type EmitWorkerBatch = (commands: RecordRevision[]) => Promise<void>;

/**
 * parseDumpInBatches on a worker thread: reading, decompressing and parsing overlap with `emit`
 * on this thread, on a second core. Same contract: batches arrive in file order, each awaited
 * before the worker may run more than `maxInFlight` batches ahead; on a broken dump the complete
 * pages come first, then the same DumpError; `signal` stops it the same way.
 */
export function parseDumpInWorker(
  file: string,
  options: ParseBatchesOptions,
  emit: EmitWorkerBatch,
  { maxInFlight = 2 }: { maxInFlight?: number } = {},
): Promise<ParsedDump> {
  const { signal, onProgress, ...crossing } = options;
  const input: ParseWorkerInput = { file, options: crossing, maxInFlight };
  const worker = startModuleWorker(WORKER, { ...input });
  const send = (c: ParseWorkerCommand): void => worker.postMessage(c);
  return new Promise<ParsedDump>((resolve, reject) => {
    let settled = false;
    const stop = (): void => send('stop');
    const finish = (e: Error | undefined, parsed?: ParsedDump): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      if (e) reject(e);
      else resolve(parsed!);
    };
    // Batches are taken one at a time, in order, however fast the worker posts them.
    let queue = Promise.resolve();
    const handle = async (m: ParseWorkerMessage): Promise<void> => {
      if (settled) return;
      if (m.kind === 'progress') onProgress?.(m.progress);
      else if (m.kind === 'end') finish(undefined, m.parsed);
      else if (m.kind === 'error') finish(deserializeError(m.error));
      else await emit(m.commands);
      if (m.kind !== 'batch') return;
      if (signal?.aborted) send('stop');
      send('appended');
    };
    worker.on('message', (m: ParseWorkerMessage) => {
      queue = queue.then(() => handle(m)).catch((e: unknown) => finish(toError(e)));
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => {
      queue = queue.then(() => finish(new Error(`dump parse worker exited with code ${code} before the end`)));
    });
    signal?.addEventListener('abort', stop, { once: true });
  });
}
