import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../workers/module-worker';
import type {
  CheckpointerInput,
  CheckpointerMessage,
  CheckpointReply,
  CheckpointRequest,
} from './wal-checkpoint-protocol';

// .ts from the sources (CLI, jest), .js from a build.
const WORKER = join(__dirname, `wal-checkpoint.worker${extname(__filename)}`);

/**
 * The writer's own auto-checkpoint, in pages, while a checkpointer runs: 4x SQLite's default
 * (256 MiB of WAL on 64 KiB pages). Only a checkpointer that died or lags far behind lets the WAL
 * grow that far; then the appending thread checkpoints, as it always did, 4x less often.
 */
export const BACKSTOP_PAGES = 4000;

export interface WalCheckpointerOptions {
  /** The store's file. */
  readonly path: string;
  /** Checkpoint once this many bytes of event data were appended since the last one. */
  readonly afterBytes: number;
  /** Where the one line about a failed checkpointer goes. Default stderr. */
  readonly log?: (line: string) => void;
  /** Each checkpoint's outcome, as the checkpointer reports it. */
  readonly onCheckpoint?: (reply: CheckpointReply) => void;
}

/**
 * Checkpoints a store's WAL on another thread (wal-checkpoint.worker.ts). SQLite's default runs
 * the checkpoint inside the commit that crosses 1000 WAL pages (64 MiB here): on an import that
 * commit took 110-230 ms instead of 20-50, on the appending thread, every 64 MiB. Started on the
 * first checkpoint it owes, so a store that appends little (tests open hundreds) never starts a
 * thread. Appends never wait for it: a checkpoint is asked for only when none is under way, and
 * once it failed the writer's backstop (BACKSTOP_PAGES) checkpoints instead.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private bytes = 0;
  private inFlight = false;
  private stopped = false;

  constructor(private readonly options: WalCheckpointerOptions) {}

  /** `bytes` of event data were committed. */
  appended(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes < this.options.afterBytes || this.inFlight || this.stopped) return;
    this.bytes = 0;
    this.inFlight = true;
    (this.worker ??= this.start()).postMessage('checkpoint' satisfies CheckpointRequest);
  }

  /** Waits for a checkpoint under way, then ends the thread: the store's close comes after. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker && !this.stopped) {
      this.stopped = true;
      worker.ref(); // an unreferenced thread would let the process exit before the store closes
      worker.postMessage('close' satisfies CheckpointRequest);
    }
    await this.exited;
  }

  private start(): Worker {
    const worker = startModuleWorker(WORKER, { path: this.options.path } satisfies CheckpointerInput);
    // A store left open must not keep the process alive: an interrupted checkpoint loses nothing.
    worker.unref();
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: CheckpointerMessage) => {
      if (m.kind === 'failed') return this.fail(m.message);
      this.inFlight = false;
      this.options.onCheckpoint?.({ walFrames: m.walFrames, checkpointed: m.checkpointed });
    });
    // A SqliteError arrives as a plain object (its class does not cross threads).
    worker.on('error', (e: unknown) => this.fail((e as { message?: string }).message ?? String(e)));
    worker.on('exit', (code) => this.fail(`exited with code ${code}`));
    return worker;
  }

  private fail(why: string): void {
    if (this.stopped) return;
    this.stopped = true;
    const log = this.options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
    log(
      `wal checkpointer of ${this.options.path} stopped (${why}): the writer checkpoints every ${BACKSTOP_PAGES} pages itself`,
    );
  }
}
