import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DerivedContent, DeriveContext } from '@okapi/domain';
import { startModuleWorker } from '../workers/module-worker';

export interface DerivationRequest {
  readonly id: number;
  readonly wikitext: string;
  readonly context: DeriveContext;
}

export type DerivationReply =
  | { readonly id: number; readonly derived: DerivedContent; readonly error?: undefined }
  | { readonly id: number; readonly error: string; readonly derived?: undefined };

interface Pending {
  resolve(d: DerivedContent): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, Pending>;
}

// .ts from the sources (CLI, jest), .js from a build.
const WORKER = join(__dirname, `derivation.worker${extname(__filename)}`);

/**
 * Derives Article parts (wikitext-deriver.ts) on worker threads, so a projector deriving a batch
 * of new revisions uses every core instead of one: a derivation costs ~0.7 ms of CPU on a 5 KB
 * article (wtf_wikipedia), the rest of projecting a revision a fraction of that. Requests go to
 * the worker with the fewest in flight; the output is the same as deriving in-thread.
 * A worker that dies fails only its own requests and is replaced.
 */
export class DerivationPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  /** Derivations answered so far (for tests and benchmarks). */
  derived = 0;

  constructor(readonly size = defaultPoolSize()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`derivation pool size must be >= 1, got ${size}`);
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, pending: new Map() };
      this.spawn(slot);
      this.slots.push(slot);
    }
  }

  derive(wikitext: string, context: DeriveContext): Promise<DerivedContent> {
    if (this.closed) return Promise.reject(new Error('derivation pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    if (slot.pending.size === 0) slot.worker.ref();
    return new Promise<DerivedContent>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, wikitext, context } satisfies DerivationRequest);
    });
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const slot of this.slots) this.fail(slot, new Error('derivation pool closed'));
  }

  /** Test hook: what a crash of worker `i` looks like to the pool. */
  crashWorker(i: number): Promise<number> {
    return this.slots[i].worker.terminate();
  }

  private spawn(slot: Slot): void {
    const worker = startModuleWorker(WORKER, {});
    worker.on('message', (m: DerivationReply) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if (m.error !== undefined) return p.reject(new Error(`derivation failed: ${m.error}`));
      this.derived++;
      p.resolve(m.derived);
    });
    worker.on('error', (e) => this.fail(slot, e));
    worker.on('exit', () => {
      this.fail(slot, new Error('derivation worker exited'));
      if (!this.closed) this.spawn(slot);
    });
    // Idle workers never keep the process alive; ref'd while requests are pending. After the
    // listeners: attaching a 'message' listener refs the worker's port again.
    worker.unref();
    slot.worker = worker;
  }

  private fail(slot: Slot, e: Error): void {
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  }
}

/** One worker per core: the thread that feeds them sleeps while they derive. */
function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}
