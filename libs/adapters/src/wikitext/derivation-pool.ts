import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DerivedContent, DeriveContext } from '@okapi/domain';
import { startModuleWorker } from '../workers/module-worker';
import type { StructuredContent } from './structured-contents';

export type DerivationRequest =
  | {
      readonly id: number;
      readonly wikitext: string;
      readonly context: DeriveContext;
      readonly article?: undefined;
      readonly articleJson?: undefined;
    }
  /** Structured contents of an Article (structured-contents.ts), under the same deadline. */
  | { readonly id: number; readonly article: Record<string, unknown> }
  /** The same from the Article's JSON text, answered as JSON text (a snapshot line). */
  | { readonly id: number; readonly articleJson: string; readonly article?: undefined };

export type DerivationReply =
  /** `derived`: the DerivedContent as JSON text for wikitext, the StructuredContent for an article. */
  | { readonly id: number; readonly derived: unknown; readonly error?: undefined }
  | { readonly id: number; readonly error: string; readonly derived?: undefined }
  /** Sent once the worker has loaded the deriver: deadlines count from then. */
  | { readonly ready: true; readonly id?: undefined };

/** A derivation that ran past its deadline: its worker was terminated and replaced. */
export class DerivationTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`derivation exceeded its deadline of ${timeoutMs} ms`);
    this.name = 'DerivationTimeout';
  }
}

interface Pending {
  readonly request: DerivationRequest;
  resolve(d: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** In the order the worker takes them: the first one is being derived. */
  readonly pending: Map<number, Pending>;
  timer?: NodeJS.Timeout;
}

export interface DerivationPoolOptions {
  /** Worker threads (default: one per core). */
  readonly size?: number;
  /** Deadline of one derivation once its worker starts it, in ms (default 5 000; OKAPI_DERIVATION_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/** The default deadline of one derivation (OKAPI_DERIVATION_TIMEOUT_MS's default, env-config.ts). */
export const DEFAULT_DERIVATION_TIMEOUT_MS = 5000;

// .ts from the sources (CLI, jest), .js from a build.
const WORKER = join(__dirname, `derivation.worker${extname(__filename)}`);

/**
 * Derives Article parts (wikitext-deriver.ts) on worker threads, so a projector deriving a batch
 * of new revisions uses every core instead of one: a derivation costs ~0.7 ms of CPU on a 5 KB
 * article (wtf_wikipedia), the rest of projecting a revision a fraction of that. Requests go to
 * the worker with the fewest in flight; the output is the same as deriving in-thread.
 *
 * Every derivation has a deadline: wikitext is untrusted (anyone can save a revision that sends a
 * parser into super-linear time), and a derivation that never ends would stall every product
 * waiting for it. Past the deadline the request rejects with DerivationTimeout, its worker is
 * terminated and replaced, and the requests queued behind it go to the new worker.
 * A worker that dies fails only its own requests and is replaced.
 */
export class DerivationPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  readonly timeoutMs: number;
  /** Derivations answered so far (for tests and benchmarks). */
  derived = 0;
  /** Derivations that ran past their deadline. */
  timedOut = 0;

  constructor(options: DerivationPoolOptions | number = {}) {
    const o = typeof options === 'number' ? { size: options } : options;
    this.size = o.size ?? defaultPoolSize();
    this.timeoutMs = o.timeoutMs ?? DEFAULT_DERIVATION_TIMEOUT_MS;
    if (!Number.isInteger(this.size) || this.size < 1)
      throw new RangeError(`derivation pool size must be >= 1, got ${this.size}`);
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs < 1)
      throw new RangeError(`derivation timeout must be >= 1 ms, got ${this.timeoutMs}`);
    for (let i = 0; i < this.size; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, ready: false, pending: new Map() };
      this.spawn(slot);
      this.slots.push(slot);
    }
  }

  derive(wikitext: string, context: DeriveContext): Promise<DerivedContent> {
    return this.deriveJson(wikitext, context).then((json) => JSON.parse(json) as DerivedContent);
  }

  /**
   * The derived parts as JSON text: a worker sends text faster than it clones the object, and a
   * store keeps that text as is (the caller parses what it reads).
   */
  deriveJson(wikitext: string, context: DeriveContext): Promise<string> {
    return this.send<string>((id) => ({ id, wikitext, context }));
  }

  /** toStructuredContent(article) on a worker, under the same deadline (rejects with DerivationTimeout). */
  structuredContent(article: Record<string, unknown>): Promise<StructuredContent> {
    return this.send<StructuredContent>((id) => ({ id, article }));
  }

  /**
   * structuredContent from and to JSON text: neither side parses nor clones an object graph on
   * the calling thread, which then only passes strings (a snapshot's lines) along.
   */
  structuredContentJson(articleJson: string): Promise<string> {
    return this.send<string>((id) => ({ id, articleJson }));
  }

  private send<T>(requestOf: (id: number) => DerivationRequest): Promise<T> {
    if (this.closed) return Promise.reject(new Error('derivation pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    if (slot.pending.size === 0) slot.worker.ref();
    return new Promise<T>((resolve, reject) => {
      const request = requestOf(id);
      slot.pending.set(id, { request, resolve: resolve, reject });
      slot.worker.postMessage(request);
      if (slot.pending.size === 1) this.arm(slot);
    });
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const slot of this.slots) this.fail(slot, new Error('derivation pool closed'));
  }

  /** Test hook: what a crash of worker `i` looks like to the pool. */
  crashWorker(i: number): Promise<number> {
    return this.slots[i].worker.terminate();
  }

  private spawn(slot: Slot): void {
    const worker = startModuleWorker(WORKER, {});
    slot.ready = false;
    worker.on('message', (m: DerivationReply) => {
      if (slot.worker !== worker) return; // a terminated worker's last words
      if (m.id === undefined) {
        slot.ready = true;
        return this.arm(slot);
      }
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      this.arm(slot);
      if (slot.pending.size === 0) worker.unref();
      if (m.error !== undefined) return p.reject(new Error(`derivation failed: ${m.error}`));
      this.derived++;
      p.resolve(m.derived);
    });
    worker.on('error', (e) => slot.worker === worker && this.fail(slot, e));
    worker.on('exit', () => {
      if (slot.worker !== worker) return; // replaced after a timeout
      this.fail(slot, new Error('derivation worker exited'));
      if (!this.closed) this.spawn(slot);
    });
    // Idle workers never keep the process alive; ref'd while requests are pending. After the
    // listeners: attaching a 'message' listener refs the worker's port again.
    if (slot.pending.size === 0) worker.unref();
    slot.worker = worker;
  }

  /** (Re)starts the deadline of the request the worker is deriving now, if any. */
  private arm(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const head = slot.pending.keys().next();
    if (head.done || !slot.ready || this.closed) return;
    const id = head.value;
    slot.timer = setTimeout(() => this.expire(slot, id), this.timeoutMs);
    slot.timer.unref();
  }

  /** The request `id` ran past its deadline: fail it, replace the worker, resend the others. */
  private expire(slot: Slot, id: number): void {
    const p = slot.pending.get(id);
    if (!p || this.closed) return;
    slot.pending.delete(id);
    this.timedOut++;
    const old = slot.worker;
    this.spawn(slot);
    void old.terminate();
    for (const q of slot.pending.values()) slot.worker.postMessage(q.request);
    p.reject(new DerivationTimeout(this.timeoutMs));
  }

  private fail(slot: Slot, e: Error): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  }
}

/** One worker per core: the thread that feeds them sleeps while they derive. */
function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}
