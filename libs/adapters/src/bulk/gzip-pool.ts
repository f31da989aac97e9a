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
    parentPort.postMessage({ id: job.id, out }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: job.id, error: String(e && e.message || e) });
  }
});
`;

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
  private closed = false;

  constructor(readonly size: number, readonly level = 6) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`gzip pool size must be >= 1, got ${size}`);
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, pending: new Map() };
      this.spawn(slot);
      this.slots.push(slot);
    }
  }

  /**
   * Compresses the first `length` bytes of `block` into one gzip member. When `block` owns its
   * whole ArrayBuffer, the memory is moved to the worker (the caller must not reuse it).
   */
  gzip(block: Uint8Array, length = block.byteLength): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('gzip pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    if (slot.pending.size === 0) slot.worker.ref();
    // Only transfer memory the caller owns outright; a view into a shared pool must be copied.
    const owned = block.byteOffset === 0 && block.byteLength === block.buffer.byteLength && !(block.buffer instanceof SharedArrayBuffer);
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, block, length, level: this.level }, owned ? [block.buffer as ArrayBuffer] : []);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const slot of this.slots) this.fail(slot, new Error('gzip pool closed'));
  }

  private spawn(slot: Slot): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // idle workers never keep the process alive; ref'd while jobs are pending
    worker.on('message', (msg: { id: number; out?: Uint8Array; error?: string }) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) worker.unref();
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

  private fail(slot: Slot, e: Error): void {
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  }
}
