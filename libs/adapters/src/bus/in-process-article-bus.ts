import {
  ArticleBus,
  BusBounds,
  BusMessage,
  BusPosition,
  isAfter,
  LiveFeed,
  OutgoingArticle,
  subjectMatches,
} from '@okapi/projections';
import { promised } from '../errors/promised';

export interface InProcessBusOptions {
  readonly subjectPrefix: string;
  /** Retained payload bytes; older messages are dropped first. */
  readonly maxBytes: number;
  /** Retained age in ms. */
  readonly maxAgeMs: number;
  readonly now?: () => number;
}

interface Follower {
  nextSeq: number;
  readonly onMessage: (m: BusMessage) => void;
  readonly onError?: (e: Error) => void;
  closed: boolean;
}

/**
 * Embedded-mode bus: a bounded in-memory log with JetStream's semantics (dense sequences,
 * subject wildcards, idempotent publish, replay by sequence). It starts empty at every boot;
 * anything older is served from the event store by the gateway.
 */
export class InProcessArticleBus implements ArticleBus {
  readonly subjectPrefix: string;
  private readonly log: BusMessage[] = [];
  private firstSeq = 1;
  private bytes = 0;
  private last: BusPosition | undefined;
  private readonly followers = new Set<Follower>();
  private readonly now: () => number;

  constructor(private readonly options: InProcessBusOptions) {
    this.subjectPrefix = options.subjectPrefix;
    this.now = options.now ?? Date.now;
  }

  publish(batch: readonly OutgoingArticle[]): Promise<void> {
    // now() and the followers' onMessage are the caller's code: a throw from them rejects.
    return promised(() => {
      const storedAt = this.now();
      for (const m of batch) {
        if (!isAfter(m, this.last)) continue; // already stored: the dedupe JetStream does by Nats-Msg-Id
        this.log.push({ ...m, seq: this.firstSeq + this.log.length, storedAt });
        this.bytes += m.data.length;
        this.last = { offset: m.offset, index: m.index };
      }
      this.enforceRetention(storedAt);
      for (const f of this.followers) this.pump(f);
    });
  }

  lastPosition(): Promise<BusPosition | undefined> {
    return Promise.resolve(this.last);
  }

  bounds(): Promise<BusBounds> {
    return Promise.resolve({
      firstSeq: this.firstSeq,
      lastSeq: this.firstSeq + this.log.length - 1,
      firstOffset: this.log[0]?.offset,
    });
  }

  seqAfter(offset: number): Promise<number> {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid].offset > offset) hi = mid;
      else lo = mid + 1;
    }
    return Promise.resolve(this.firstSeq + lo);
  }

  // The port's AsyncIterable over an in-memory log: nothing to await, and a plain generator would not be async.
  // eslint-disable-next-line @typescript-eslint/require-await
  async *read(fromSeq: number, toSeq: number, subjectFilter: string): AsyncIterable<BusMessage> {
    for (let seq = Math.max(fromSeq, this.firstSeq); seq <= toSeq; seq++) {
      const m = this.message(seq);
      if (!m) return;
      if (subjectMatches(subjectFilter, m.subject)) yield m;
    }
  }

  follow(fromSeq: number, onMessage: (m: BusMessage) => void, onError?: (e: Error) => void): LiveFeed {
    const f: Follower = { nextSeq: fromSeq, onMessage, onError, closed: false };
    this.followers.add(f);
    queueMicrotask(() => this.pump(f));
    return {
      close: () => {
        f.closed = true;
        this.followers.delete(f);
        return Promise.resolve();
      },
    };
  }

  close(): Promise<void> {
    for (const f of this.followers) f.closed = true;
    this.followers.clear();
    return Promise.resolve();
  }

  /** The message at `seq`, unless retention dropped it or it is not published yet. */
  private message(seq: number): BusMessage | undefined {
    const i = seq - this.firstSeq;
    return i >= 0 && i < this.log.length ? this.log[i] : undefined;
  }

  private pump(f: Follower): void {
    // One check for both (a closed follower's loop below never starts): TypeScript would keep
    // `f.closed` narrowed to false across onMessage, which can close it.
    if (!f.closed && f.nextSeq < this.firstSeq) {
      f.onError?.(new Error(`bus follower fell behind retention (wanted seq ${f.nextSeq}, oldest ${this.firstSeq})`));
      f.nextSeq = this.firstSeq;
    }
    for (let m = this.message(f.nextSeq); m && !f.closed; m = this.message(f.nextSeq)) {
      f.nextSeq++;
      f.onMessage(m);
    }
  }

  private enforceRetention(now: number): void {
    let drop = 0;
    let bytes = this.bytes;
    while (
      drop < this.log.length - 1 &&
      (bytes > this.options.maxBytes || now - this.log[drop].storedAt > this.options.maxAgeMs)
    ) {
      bytes -= this.log[drop].data.length;
      drop++;
    }
    if (drop === 0) return;
    this.log.splice(0, drop);
    this.firstSeq += drop;
    this.bytes = bytes;
  }
}
