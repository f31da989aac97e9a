/**
 * An append-only, persistent set of revision ids.
 *
 * Why not copy a `Set` in every `evolve`: replaying a page with N revisions would cost O(N²)
 * (enwiki pages reach 50k+ revisions in full-history dumps). Instead versions share one growing
 * index: a version is "the first `count` ids of the shared log". Adding to the newest version
 * appends in O(1); adding to an older version (a branch, rare: tests, retries) copies first.
 * Old versions stay valid and unchanged, so `evolve` remains pure from the caller's view.
 */
interface SharedLog {
  readonly order: number[];
  /** id -> position in `order` */
  readonly position: Map<number, number>;
}

export class RevisionIdSet implements ReadonlySet<number> {
  private constructor(
    private readonly log: SharedLog,
    private readonly count: number,
  ) {}

  static empty(): RevisionIdSet {
    return new RevisionIdSet({ order: [], position: new Map() }, 0);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    const at = this.log.position.get(id);
    return at !== undefined && at < this.count;
  }

  /** A new version containing `id` (this version is left as it was). */
  with(id: number): RevisionIdSet {
    if (this.has(id)) return this;
    const isTip = this.count === this.log.order.length;
    const log = isTip ? this.log : this.branch();
    log.order.push(id);
    log.position.set(id, log.order.length - 1);
    return new RevisionIdSet(log, this.count + 1);
  }

  private branch(): SharedLog {
    const order = this.log.order.slice(0, this.count);
    return { order, position: new Map(order.map((id, i) => [id, i])) };
  }

  *values(): IterableIterator<number> {
    for (let i = 0; i < this.count; i++) yield this.log.order[i];
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
