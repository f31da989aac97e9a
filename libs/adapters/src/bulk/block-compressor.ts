import { must } from '@okapi/domain';
import { GzipPool } from './gzip-pool';

/**
 * Uncompressed bytes per gzip member. Deflate CPU per MB is the same from 256 KiB to 16 MiB; 4 MiB
 * sends a quarter of 1 MiB's messages and stays within 0.1 % of one long stream (1 MiB: 0.5 %).
 */
export const DEFAULT_BLOCK_BYTES = 4 << 20;

const UTF8 = new TextEncoder();

/**
 * Cuts a byte stream into fixed-size blocks, compresses them on the pool (in parallel) and hands
 * the gzip members to `sink` in input order. At most `maxInFlight` blocks are pending (3 per
 * worker, so a briefly descheduled main thread does not starve the workers), so memory stays at
 * about (maxInFlight + 1) x blockBytes whatever the input size.
 */
export class BlockCompressor {
  private block: Buffer;
  private used = 0;
  private readonly queue: Promise<Buffer>[] = [];
  /** Uncompressed bytes accepted since the last `flush`. */
  bytesIn = 0;

  constructor(
    private readonly pool: GzipPool,
    private readonly sink: (member: Buffer) => Promise<void>,
    private readonly blockBytes = DEFAULT_BLOCK_BYTES,
    private readonly maxInFlight = pool.size * 3,
  ) {
    this.block = pool.block(blockBytes);
  }

  /**
   * Appends a string, UTF-8 encoded straight into the block (no intermediate Buffer per line);
   * a string longer than the room left continues in the next block.
   */
  async writeString(text: string): Promise<void> {
    let rest = text;
    for (;;) {
      const { read, written } = UTF8.encodeInto(rest, this.block.subarray(this.used));
      this.used += written;
      this.bytesIn += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      await this.submit();
    }
  }

  async write(data: Uint8Array): Promise<void> {
    this.bytesIn += data.byteLength;
    let offset = 0;
    while (offset < data.byteLength) {
      const n = Math.min(data.byteLength - offset, this.blockBytes - this.used);
      this.block.set(data.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
      if (this.used === this.blockBytes) await this.submit();
    }
  }

  /** Compresses what is buffered and waits until every member has reached the sink. */
  async flush(): Promise<void> {
    if (this.used > 0) await this.submit();
    while (this.queue.length > 0) await this.drainOne();
    this.bytesIn = 0;
  }

  private async submit(): Promise<void> {
    // The block's memory moves to the worker (no copy) and comes back for reuse when compressed.
    const block = this.block;
    const length = this.used;
    this.block = this.pool.block(this.blockBytes);
    this.used = 0;
    const job = this.pool.gzip(block, length);
    job.catch(() => undefined); // observed when drained; avoids an unhandled-rejection warning meanwhile
    this.queue.push(job);
    while (this.queue.length > this.maxInFlight) await this.drainOne();
  }

  private async drainOne(): Promise<void> {
    const member = await must(this.queue.shift(), 'a gzip job in flight');
    await this.sink(member);
  }
}
