import { extname, join } from 'node:path';
import { DecidedBatch, PageCommand } from '@okapi/domain';
import { startModuleWorker } from '../../workers/module-worker';
import { deserializeError, DecideWorkerInput, DecideWorkerReply, DecideWorkerRequest } from './dump-decide-protocol';

// .ts from the sources (CLI, jest), .js from a build.
const WORKER = join(__dirname, `dump-decide.worker${extname(__filename)}`);

/** A worker thread deciding an import's fresh batches ahead of the store (dump-decide.worker.ts). */
export interface DecideWorker {
  /** Started: until then, handing it a batch would only queue it behind the start-up. */
  readonly ready: boolean;
  /** Resolves once it started (or failed to). */
  readonly started: Promise<void>;
  /** Batches handed over and not decided yet. */
  readonly queued: number;
  decide(seq: number, commands: PageCommand[]): Promise<DecidedBatch>;
  /**
   * Buffers of decided batches (encoded-requests.ts) that are stored now: the next requests take
   * them back to the worker to encode into (every view of them is detached then).
   */
  recycle(buffers: readonly ArrayBuffer[]): void;
  close(): Promise<void>;
}

/**
 * The worker's young generation, at most (V8's default: 48 MiB, semi-spaces of 16). A part of a
 * batch (its text, then its events and their JSON) outlives several collections of the default
 * size, each copying it again until it is promoted; with 96 the 3,000-page bench's worker
 * promoted 17 MB instead of 60 and copied 59 MB within the young generation instead of 96.
 */
const YOUNG_GENERATION_MB = 96;

/**
 * Recycled buffers kept, at most this many bytes together: about what the parts in flight hold
 * on Wikipedia-sized pages (a part's events take ~3 MiB in the bench), and a bound where one
 * huge page made a part of tens of MiB: such a buffer is dropped rather than kept.
 */
const MAX_SPARE_BYTES = 32 * 1024 * 1024;

export function startDecideWorker(input: DecideWorkerInput): DecideWorker {
  const worker = startModuleWorker(WORKER, { ...input }, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
  const spares: ArrayBuffer[] = [];
  let spareBytes = 0;
  const waiting = new Map<number, { resolve: (d: DecidedBatch) => void; reject: (e: Error) => void }>();
  let ready = false;
  let failed: Error | undefined;
  let onStart!: () => void;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const fail = (e: Error): void => {
    failed ??= e;
    onStart();
    for (const w of waiting.values()) w.reject(failed);
    waiting.clear();
  };
  worker.on('message', (m: DecideWorkerReply) => {
    if (m.kind === 'ready') {
      ready = true;
      onStart();
    } else if (m.kind === 'error') fail(deserializeError(m.error));
    else {
      waiting.get(m.decided.seq)?.resolve(m.decided);
      waiting.delete(m.decided.seq);
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`dump decide worker exited with code ${code}`)));
  return {
    get ready() {
      return ready && !failed;
    },
    started,
    get queued() {
      return waiting.size;
    },
    decide(seq, commands) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.set(seq, { resolve, reject });
        const spare = spares.pop();
        spareBytes -= spare?.byteLength ?? 0;
        worker.postMessage({ seq, commands, spare } satisfies DecideWorkerRequest, spare ? [spare] : []);
      });
    },
    recycle(buffers) {
      for (const b of buffers) {
        if (b.byteLength === 0 || spareBytes + b.byteLength > MAX_SPARE_BYTES) continue; // 0: detached
        spares.push(b);
        spareBytes += b.byteLength;
      }
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
