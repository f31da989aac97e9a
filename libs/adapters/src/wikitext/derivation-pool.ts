import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DerivedContent, DeriveContext } from '@okapi/domain';
import { CONFIG_DEFAULTS } from '../config/env-config';
import { cpuMsOfStat } from '../runtime/proc-stat';
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
  /**
   * Sent once the worker has loaded the deriver: deadlines count from then. `thread`: the
   * worker's kernel thread id (Linux), whose CPU time the deadline counts.
   */
  | { readonly ready: true; readonly thread?: number; readonly id?: undefined };

/** A derivation that ran past its deadline: its worker was terminated and replaced. */
export class DerivationTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    /** What ran out: the worker thread's CPU time, or wall-clock time. */
    readonly clock: 'cpu' | 'wall' = 'wall',
  ) {
    // The same text whichever clock ran out: dead letters and failure caches are read by it.
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
  /** The worker's kernel thread id, when it could tell (Linux). */
  thread?: number;
  /** In the order the worker takes them: the first one is being derived. */
  readonly pending: Map<number, Pending>;
  timer?: NodeJS.Timeout;
}

/** CPU time of threads of this process. */
export interface ThreadCpuClock {
  /** CPU milliseconds `thread` has used so far (undefined: cannot tell). */
  read(thread: number): number | undefined;
  /** The thread has ended or is no longer watched. */
  forget(thread: number): void;
}

export interface DerivationPoolOptions {
  /** Worker threads (default: one per core). */
  readonly size?: number;
  /**
   * Deadline of one derivation once its worker starts it, in ms of that worker thread's CPU time
   * where the thread's CPU time can be read (Linux), else of wall-clock time (default 5 000;
   * OKAPI_DERIVATION_TIMEOUT_MS).
   */
  readonly timeoutMs?: number;
  /**
   * Wall-clock bound of one derivation however little CPU it got, in ms (default
   * WALL_LIMIT_FACTOR x timeoutMs): a worker stuck without using CPU is replaced too.
   */
  readonly wallLimitMs?: number;
  /** Reads a worker thread's CPU time (default: /proc on Linux); tests simulate starvation with it. */
  readonly threadCpuClock?: ThreadCpuClock;
}

/**
 * Default wall-clock bound as a multiple of the CPU deadline: a worker getting a twelfth of a core
 * (2 cores, 24 runnable threads) still finishes a derivation that needs just under its deadline.
 */
export const WALL_LIMIT_FACTOR = 12;

/** Least wait between two looks at a worker's CPU time (clock ticks are 10 ms). */
const MIN_RECHECK_MS = 50;

/**
 * CPU time of a thread of this process from /proc/self/task/<tid>/stat (utime + stime); undefined
 * where there is no /proc or the thread has ended. The file stays open: read again from offset 0
 * it is regenerated, ~4 us instead of ~35 us for opening it each time (once per derivation).
 */
export class ProcThreadCpuClock implements ThreadCpuClock {
  private readonly files = new Map<number, number>();
  private readonly buffer = Buffer.alloc(1024);

  read(thread: number): number | undefined {
    try {
      let fd = this.files.get(thread);
      if (fd === undefined) this.files.set(thread, (fd = openSync(`/proc/self/task/${thread}/stat`, 'r')));
      const ms = cpuMsOfStat(this.buffer.toString('latin1', 0, readSync(fd, this.buffer, 0, this.buffer.length, 0)));
      return Number.isFinite(ms) ? ms : undefined;
    } catch {
      this.forget(thread);
      return undefined;
    }
  }

  forget(thread: number): void {
    const fd = this.files.get(thread);
    this.files.delete(thread);
    if (fd !== undefined) closeSync(fd);
  }
}

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
 * The deadline counts the worker thread's CPU time, not the wall clock: on a machine whose cores
 * are shared (other processes, a projector and an import at once) a healthy derivation may wait
 * for a core longer than it computes, and must not be cut off for that; a pathological one burns
 * its CPU budget whatever the load. Past WALL_LIMIT_FACTOR times the deadline in wall-clock time
 * it is cut off anyway.
 * A worker that dies fails only its own requests and is replaced.
 */
export class DerivationPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  readonly timeoutMs: number;
  readonly wallLimitMs: number;
  private readonly cpuClock: ThreadCpuClock;
  /** Derivations answered so far (for tests and benchmarks). */
  derived = 0;
  /** Derivations that ran past their deadline. */
  timedOut = 0;

  constructor(options: DerivationPoolOptions | number = {}) {
    const o = typeof options === 'number' ? { size: options } : options;
    this.size = o.size ?? defaultPoolSize();
    this.timeoutMs = o.timeoutMs ?? CONFIG_DEFAULTS.derivationTimeoutMs;
    this.wallLimitMs = o.wallLimitMs ?? WALL_LIMIT_FACTOR * this.timeoutMs;
    this.cpuClock = o.threadCpuClock ?? new ProcThreadCpuClock();
    if (!Number.isInteger(this.size) || this.size < 1)
      throw new RangeError(`derivation pool size must be >= 1, got ${this.size}`);
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs < 1)
      throw new RangeError(`derivation timeout must be >= 1 ms, got ${this.timeoutMs}`);
    if (!(this.wallLimitMs >= this.timeoutMs))
      throw new RangeError(`derivation wall limit must be >= its timeout, got ${this.wallLimitMs}`);
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

  /**
   * CPU milliseconds the pool's current workers have used since they started (benchmarks: the
   * share of a projection's CPU spent deriving); undefined where a worker's CPU time cannot be
   * read. Workers replaced after a deadline or a crash no longer count.
   */
  workerCpuMs(): number | undefined {
    let sum = 0;
    for (const slot of this.slots) {
      const ms = slot.thread === undefined ? undefined : this.cpuClock.read(slot.thread);
      if (ms === undefined) return undefined;
      sum += ms;
    }
    return sum;
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const slot of this.slots) {
      this.fail(slot, new Error('derivation pool closed'));
      if (slot.thread !== undefined) this.cpuClock.forget(slot.thread);
    }
  }

  /** Test hook: what a crash of worker `i` looks like to the pool. */
  crashWorker(i: number): Promise<number> {
    return this.slots[i].worker.terminate();
  }

  private spawn(slot: Slot): void {
    const worker = startModuleWorker(WORKER, {});
    slot.ready = false;
    if (slot.thread !== undefined) this.cpuClock.forget(slot.thread);
    slot.thread = undefined;
    worker.on('message', (m: DerivationReply) => {
      if (slot.worker !== worker) return; // a terminated worker's last words
      if (m.id === undefined) {
        slot.ready = true;
        slot.thread = m.thread;
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
    const thread = slot.thread;
    const cpuAtStart = thread === undefined ? undefined : this.cpuClock.read(thread);
    if (thread === undefined || cpuAtStart === undefined) {
      slot.timer = setTimeout(() => this.expire(slot, id, 'wall', this.timeoutMs), this.timeoutMs);
      slot.timer.unref();
      return;
    }
    const started = performance.now();
    const check = (): void => {
      const cpu = this.cpuClock.read(thread);
      const elapsed = performance.now() - started;
      if (cpu === undefined) return this.expire(slot, id, 'wall', this.timeoutMs); // as where it cannot be read
      const used = cpu - cpuAtStart;
      if (used >= this.timeoutMs) return this.expire(slot, id, 'cpu', this.timeoutMs);
      if (elapsed >= this.wallLimitMs) return this.expire(slot, id, 'wall', this.wallLimitMs);
      // The CPU left cannot be used up sooner than in as much wall-clock time.
      const wait = Math.min(this.timeoutMs - used, this.wallLimitMs - elapsed);
      slot.timer = setTimeout(check, Math.max(MIN_RECHECK_MS, wait));
      slot.timer.unref();
    };
    slot.timer = setTimeout(check, this.timeoutMs);
    slot.timer.unref();
  }

  /** The request `id` ran past its deadline: fail it, replace the worker, resend the others. */
  private expire(slot: Slot, id: number, clock: 'cpu' | 'wall', limitMs: number): void {
    const p = slot.pending.get(id);
    if (!p || this.closed) return;
    slot.pending.delete(id);
    this.timedOut++;
    const old = slot.worker;
    this.spawn(slot);
    void old.terminate();
    for (const q of slot.pending.values()) slot.worker.postMessage(q.request);
    p.reject(new DerivationTimeout(limitMs, clock));
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
