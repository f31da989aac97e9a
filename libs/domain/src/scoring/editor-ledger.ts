/**
 * What a page knows of each editor who edited it: edits, how many of them were reverted, when
 * they first and last edited it. Editor tenure for the revert-risk scorer, from the page's own
 * history, so dumps (which carry no edit counts or registration dates) and live ingest compute it
 * the same way.
 *
 * Persistent like RevisionIdSet: versions share one append-only log of records, a version is "the
 * first `count` records", and a key's records are found by binary search in its list of log
 * positions. Updating the newest version appends in O(1); updating an older one (a branch:
 * tests, retries) copies its records first. Old versions never change, so `evolve` stays pure.
 *
 * Bounded by the page's editors, not its edits: once the log holds more than COMPACT_FACTOR
 * records per editor, the next version starts a fresh log with each editor's latest record
 * (amortised O(1) per update). Older versions keep the old log, which goes when they do. Without
 * it a page's state grew ~150 bytes per edit for as long as it was cached (okapi start's three
 * page-state caches held every edit of a busy page's history).
 */
export interface EditorRecord {
  readonly edits: number;
  readonly reverted: number;
  /** Identity reverts this editor made on the page. */
  readonly reverts: number;
  /** Epoch ms of the editor's first and latest edit of the page. */
  readonly firstAt: number;
  readonly lastAt: number;
  /** Epoch ms of the latest identity revert that undid one of their edits of the page. */
  readonly lastRevertedAt?: number;
  /** Reverts of their edits, each fading with a half-life of HEAT_HALF_LIFE_MS, as of `lastRevertedAt`. */
  readonly revertedHeat?: number;
  /** The same for identity reverts they made, as of `lastRevertAt`. */
  readonly revertHeat?: number;
  readonly lastRevertAt?: number;
}

export const HEAT_HALF_LIFE_MS = 7 * 86_400_000;

/** `heat` (as of `from`) faded to `to`, plus `add`. */
export function fadeHeat(heat: number | undefined, from: number | undefined, to: number, add = 0): number {
  if (heat === undefined || from === undefined) return add;
  return heat * Math.pow(2, -Math.max(0, to - from) / HEAT_HALF_LIFE_MS) + add;
}

/** Records per editor a log may hold before the next version compacts it. */
const COMPACT_FACTOR = 4;
/** Logs this short are never compacted (most pages have a few edits). */
const COMPACT_MIN = 32;

interface SharedLog {
  readonly records: EditorRecord[];
  /** key -> ascending positions in `records` */
  readonly positions: Map<string, number[]>;
}

export class EditorLedger implements Iterable<[string, EditorRecord]> {
  // ES private fields: equality (and jest's toEqual) sees a version's entries, not the shared log.
  readonly #log: SharedLog;
  readonly #count: number;

  private constructor(log: SharedLog, count: number) {
    this.#log = log;
    this.#count = count;
  }

  static empty(): EditorLedger {
    return new EditorLedger({ records: [], positions: new Map() }, 0);
  }

  /** Records in this version's prefix of its log (one per update since the log was last compacted). */
  get size(): number {
    return this.#count;
  }

  get(key: string): EditorRecord | undefined {
    const at = this.#log.positions.get(key);
    if (!at) return undefined;
    let lo = 0;
    let hi = at.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < this.#count) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.#log.records[at[found]];
  }

  /** A new version where `key` maps to `update(current)`; this version is left as it was. */
  with(key: string, update: (current: EditorRecord | undefined) => EditorRecord): EditorLedger {
    const record = update(this.get(key));
    const tip = this.#count === this.#log.records.length;
    // An older version branches off the same way: its own records, copied.
    const log = tip && this.#count < this.compactAt() ? this.#log : this.compacted();
    log.records.push(record);
    const at = log.positions.get(key);
    if (at) at.push(log.records.length - 1);
    else log.positions.set(key, [log.records.length - 1]);
    return new EditorLedger(log, log.records.length);
  }

  /** Each editor's record in this version, in first-seen order. */
  *[Symbol.iterator](): IterableIterator<[string, EditorRecord]> {
    for (const key of this.#log.positions.keys()) {
      const record = this.get(key);
      if (record) yield [key, record];
    }
  }

  private compactAt(): number {
    return Math.max(COMPACT_MIN, COMPACT_FACTOR * this.#log.positions.size);
  }

  /** A fresh log with this version's latest record per key, in first-seen order. */
  private compacted(): SharedLog {
    const records: EditorRecord[] = [];
    const positions = new Map<string, number[]>();
    for (const [key, record] of this) {
      positions.set(key, [records.length]);
      records.push(record);
    }
    return { records, positions };
  }
}
