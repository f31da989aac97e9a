/**
 * `count` iterables that each yield every item of `source`, in order, reading it once. The
 * consumers share a buffer of at most `max` items: one that runs `max` items ahead of the slowest
 * waits for it, so memory stays bounded. A consumer that stops early (an export that failed) no
 * longer holds the others back; the source is closed once every consumer has stopped, and an
 * error of the source reaches every consumer still reading.
 */
export function tee<T>(source: AsyncIterable<T>, count: number, max = 256): AsyncIterable<T>[] {
  const shared = new SharedReader(source[Symbol.asyncIterator](), count, max);
  return Array.from({ length: count }, (_, i) => shared.consumer(i));
}

/** The state `tee`'s consumers share: the buffer, each one's position, the one read under way. */
class SharedReader<T> {
  /** Items from absolute index `base` on, not yet read by every active consumer. */
  private readonly buffer: T[] = [];
  private base = 0;
  private readonly positions: number[];
  private readonly active: boolean[];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pulling: Promise<void> | undefined;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly source: AsyncIterator<T>,
    count: number,
    private readonly max: number,
  ) {
    this.positions = new Array<number>(count).fill(0);
    this.active = new Array<boolean>(count).fill(true);
  }

  async *consumer(i: number): AsyncIterable<T> {
    try {
      for (;;) {
        const k = this.positions[i] - this.base;
        if (k < this.buffer.length) {
          const item = this.buffer[k];
          this.positions[i]++;
          this.trim();
          yield item;
        } else if (this.failure) throw this.failure.error;
        else if (this.ended) return;
        else if (this.buffer.length >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
        else await this.pull();
      }
    } finally {
      this.active[i] = false;
      this.trim();
      if (!this.ended && !this.failure && !this.active.some(Boolean)) await this.source.return?.();
    }
  }

  /** One more item from the source; consumers that ask meanwhile wait for the same read. */
  private pull(): Promise<void> {
    return (this.pulling ??= (async () => {
      try {
        const r = await this.source.next();
        if (r.done) this.ended = true;
        else this.buffer.push(r.value);
      } catch (error) {
        this.failure = { error };
      } finally {
        this.pulling = undefined;
        this.wake();
      }
    })());
  }

  /** Drops what every active consumer has read, and wakes those waiting for room. */
  private trim(): void {
    const slowest = Math.min(...this.positions.filter((_, i) => this.active[i]));
    const done = Number.isFinite(slowest) ? slowest - this.base : this.buffer.length;
    if (done > 0) this.buffer.splice(0, done);
    this.base += Math.max(0, done);
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
