/**
 * An append-only, persistent set of revision ids.
 *
 * Why not copy a `Set` in every `evolve`: replaying a page with N revisions would cost O(N²)
 * (enwiki pages reach 50k+ revisions in full-history dumps). Instead versions share one growing
 * log: a version is "its log's `base` plus the first `count - base.length` ids appended to it".
 * Adding to the newest version appends in O(1); adding to an older version (a branch, rare:
 * tests, retries) copies first. Old versions stay valid and unchanged, so `evolve` remains pure
 * from the caller's view.
 *
 * Compact: every id must stay (a redelivered revision of any age is a no-op), but not in a Map.
 * A Map entry with a revision id past 2^31 as key (a heap number) costs ~55 bytes; the ids live
 * in a sorted Float64Array (`base`, 8 bytes each, binary search) and only the ids appended since
 * the last compaction in a Map. Once those outnumber a quarter of `base` (at least TAIL_MAX), the
 * next version starts a fresh log whose base merges them in (amortised O(1) per id). Older
 * versions keep the old log, which goes when they do.
 */
interface SharedLog {
  /** Ascending ids of the version this log was compacted from. */
  readonly base: Float64Array;
  /** Ids appended since, in order. */
  readonly order: number[];
  /** id -> position in `order` */
  readonly position: Map<number, number>;
}

/** Ids a log's Map holds at least before it is merged into a new base. */
const TAIL_MAX = 16;

function inSorted(xs: Float64Array, id: number): boolean {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = xs[mid];
    if (x === id) return true;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const EMPTY_BASE = new Float64Array(0);

export class RevisionIdSet implements ReadonlySet<number> {
  private constructor(
    private readonly log: SharedLog,
    /** Ids in this version: all of `base` and the first `count - base.length` of `order`. */
    private readonly count: number,
  ) {}

  static empty(): RevisionIdSet {
    return new RevisionIdSet({ base: EMPTY_BASE, order: [], position: new Map() }, 0);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    const at = this.log.position.get(id);
    if (at !== undefined) return at < this.count - this.log.base.length;
    return inSorted(this.log.base, id);
  }

  /** A new version containing `id` (this version is left as it was). */
  with(id: number): RevisionIdSet {
    if (this.has(id)) return this;
    const { base, order } = this.log;
    const appended = this.count - base.length;
    const isTip = appended === order.length;
    const log = isTip && appended < Math.max(TAIL_MAX, base.length >> 2) ? this.log : this.compacted();
    log.order.push(id);
    log.position.set(id, log.order.length - 1);
    return new RevisionIdSet(log, log.base.length + log.order.length);
  }

  /** A fresh log whose base is this version's ids, sorted (a merge of two sorted runs). */
  private compacted(): SharedLog {
    const { base, order } = this.log;
    const tail = order.slice(0, this.count - base.length).sort((a, b) => a - b);
    const merged = new Float64Array(this.count);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++)
      merged[k] = j >= tail.length || (i < base.length && base[i] < tail[j]) ? base[i++] : tail[j++];
    return { base: merged, order: [], position: new Map() };
  }

  /** The ids: the compacted ones ascending, then the ones added since, in order. */
  *values(): IterableIterator<number> {
    const { base, order } = this.log;
    yield* base;
    for (let i = 0; i < this.count - base.length; i++) yield order[i];
  }

  keys(): IterableIterator<number> {
    return this.values();
  }

  *entries(): IterableIterator<[number, number]> {
    for (const id of this.values()) yield [id, id];
  }

  forEach(fn: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (const id of this.values()) fn.call(thisArg, id, id, this);
  }

  [Symbol.iterator](): IterableIterator<number> {
    return this.values();
  }
}

/** Adds to any ReadonlySet without mutating it (fast path for our persistent set). */
export function withRevisionId(set: ReadonlySet<number>, id: number): ReadonlySet<number> {
  if (set instanceof RevisionIdSet) return set.with(id);
  return new Set(set).add(id);
}
