import { Worker } from 'node:worker_threads';

/**
 * A fixed pool of worker threads that each turn one block into one complete gzip member.
 * Concatenated members form a valid multi-member gzip stream (RFC 1952 §2.2), which gunzip,
 * `tar -xzf`, Go's gzip.Reader and Python's gzip all read, so blocks compress independently and
 * in parallel while the event loop (and the HTTP API sharing it) stays free.
 *
 * The worker body is plain JS evaluated from a string: it then runs the same under the CLI's SWC
 * hook, under jest and from a build, with no per-runtime loader for a .ts worker file.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
parentPort.on('message', (job) => {
  try {
    const gz = zlib.gzipSync(job.block.subarray(0, job.length), { level: job.level });
    // Move the result back instead of cloning it; copy first if it shares a larger buffer.
    const out = gz.byteOffset === 0 && gz.byteLength === gz.buffer.byteLength ? gz : new Uint8Array(gz);
    // A block the pool lent returns with the result, so it is reused instead of freed.
    const back = job.recycle && job.block.buffer !== out.buffer ? job.block : undefined;
    parentPort.postMessage({ id: job.id, out, block: back }, back ? [out.buffer, back.buffer] : [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: job.id, error: String(e && e.message || e) });
  }
});
`;

/** Smaller transferred blocks are not worth keeping for reuse. */
const MIN_SPARE_BYTES = 64 * 1024;

interface Pending {
  resolve(out: Buffer): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, Pending>;
}

export class GzipPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  /** Blocks back from the workers, ready for reuse (see `block`). */
  private readonly spares: Buffer[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    readonly level = 6,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`gzip pool size must be >= 1, got ${size}`);
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, pending: new Map() };
      this.spawn(slot);
      this.slots.push(slot);
    }
  }

  /**
   * Compresses the first `length` bytes of `block` into one gzip member. When `block` owns its
   * whole ArrayBuffer, the memory is moved to the worker (the caller must not reuse it); once
   * compressed it comes back to the pool's spare blocks, which `block()` hands out again.
   */
  gzip(block: Uint8Array, length = block.byteLength): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('gzip pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    if (slot.pending.size === 0) slot.worker.ref();
    // Only transfer memory the caller owns outright; a view into a shared pool must be copied.
    const owned =
      block.byteOffset === 0 &&
      block.byteLength === block.buffer.byteLength &&
      !(block.buffer instanceof SharedArrayBuffer);
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const recycle = owned && block.byteLength >= MIN_SPARE_BYTES;
      slot.worker.postMessage({ id, block, length, level: this.level, recycle }, owned ? [block.buffer] : []);
    });
  }

  /**
   * A writable block of `bytes`: a spare one back from the workers when there is one. Reuse
   * matters: a fresh multi-MiB allocation per block costs page faults and kernel zeroing, up to
   * ~0.6 ms of main-thread CPU per MB exported (gzip-6 itself is ~12 ms/MB).
   */
  block(bytes: number): Buffer {
    const i = this.spares.findIndex((b) => b.byteLength === bytes);
    return i >= 0 ? this.spares.splice(i, 1)[0] : Buffer.allocUnsafeSlow(bytes);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.spares.length = 0;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const slot of this.slots) this.fail(slot, new Error('gzip pool closed'));
  }

  private spawn(slot: Slot): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // idle workers never keep the process alive; ref'd while jobs are pending
    worker.on('message', (msg: { id: number; out?: Uint8Array; block?: Uint8Array; error?: string }) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) worker.unref();
      if (msg.block) this.keepSpare(msg.block);
      if (msg.error !== undefined || !msg.out) p.reject(new Error(`gzip worker: ${msg.error}`));
      else p.resolve(Buffer.from(msg.out.buffer, msg.out.byteOffset, msg.out.byteLength));
    });
    // A crashed worker fails only its own jobs and is replaced, so the pool keeps serving.
    worker.on('error', (e) => this.fail(slot, e));
    worker.on('exit', () => {
      this.fail(slot, new Error('gzip worker exited'));
      if (!this.closed) this.spawn(slot);
    });
    slot.worker = worker;
  }

  private keepSpare(block: Uint8Array): void {
    // Enough for every block one BlockCompressor holds (3 per worker in flight, one queued, one filling).
    if (this.closed || this.spares.length >= this.size * 3 + 2) return;
    this.spares.push(Buffer.from(block.buffer, block.byteOffset, block.byteLength));
  }

  private fail(slot: Slot, e: Error): void {
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  }
}
