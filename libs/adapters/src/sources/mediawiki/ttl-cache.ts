import { LruCache } from '@okapi/domain';

/**
 * An LRU whose entries also expire: page properties (protection, watchers, redirects) and user
 * facts (groups, edit count) change over time, so a cached answer is reused for `ttlMs` only.
 */
export class TtlCache<K, V> {
  private readonly lru: LruCache<K, { value: V; until: number }>;

  constructor(
    capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lru = new LruCache(capacity);
  }

  get(key: K): V | undefined {
    const hit = this.lru.get(key);
    if (!hit) return undefined;
    if (hit.until > this.now()) return hit.value;
    this.lru.delete(key);
    return undefined;
  }

  set(key: K, value: V): void {
    this.lru.set(key, { value, until: this.now() + this.ttlMs });
  }
}
