/**
 * LRU of on-demand lookup results, keyed by article name, bounded by bytes. It makes the hot path
 * an in-memory map (chDB costs milliseconds per query, a server a round trip). Coherence:
 * - the projector in the same process calls `invalidate(names)` after writing a batch, and a
 *   lookup that raced with a write is not cached (the epoch moved);
 * - entries also expire after `ttlMs`, which bounds staleness when the projector runs elsewhere.
 */
export interface LookupCacheOptions {
  /** Byte budget for cached documents (default 64 MiB). 0 disables the cache. */
  readonly maxBytes: number;
  /** Entry lifetime in ms (default 5000). */
  readonly ttlMs: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

interface Entry {
  readonly byQuery: Map<string, { docs: string[]; bytes: number }>;
  bytes: number;
  expires: number;
  /** Read since eviction last passed it (a second chance, instead of moving it on every read). */
  used: boolean;
}

export class LookupCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private epoch = 0;
  private readonly now: () => number;

  constructor(private readonly options: LookupCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.maxBytes > 0;
  }

  /** Current epoch; pass it back to `set` so a result computed across a write is dropped. */
  mark(): number {
    return this.epoch;
  }

  get(name: string, queryKey: string): string[] | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.delete(name);
      return undefined;
    }
    const hit = entry.byQuery.get(queryKey);
    if (!hit) return undefined;
    entry.used = true;
    return hit.docs;
  }

  set(name: string, queryKey: string, docs: string[], epoch: number): void {
    if (!this.enabled || epoch !== this.epoch) return;
    const bytes = docs.reduce((n, d) => n + d.length * 2, name.length * 2 + 64);
    if (bytes > this.options.maxBytes) return;
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { byQuery: new Map(), bytes: 0, expires: this.now() + this.options.ttlMs, used: false };
      this.entries.set(name, entry);
    }
    const old = entry.byQuery.get(queryKey);
    entry.byQuery.set(queryKey, { docs, bytes });
    entry.bytes += bytes - (old?.bytes ?? 0);
    this.bytes += bytes - (old?.bytes ?? 0);
    this.evict();
  }

  invalidate(names: Iterable<string>): void {
    this.epoch++;
    for (const n of names) this.delete(n);
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(name);
  }

  /**
   * Oldest first, except that an entry read since it was last passed goes to the back once
   * (second chance): least recently used, near enough, with reads that only set a flag.
   */
  private evict(): void {
    for (const [name, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) return;
      if (entry.used) {
        entry.used = false;
        this.entries.delete(name);
        this.entries.set(name, entry);
      } else this.delete(name);
    }
  }
}
