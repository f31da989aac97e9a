import { LRUCache } from 'lru-cache';
import { PageCommand } from '../commands/page.commands';
import { AppendRequest } from '../ports/event-store.port';
import { StreamName } from '../shared/stream-name';
import { decideStreams, Folded, groupByStream } from './decide-batch';
import { defaultPageDecider, PageDecider } from './page-decider.port';

/** One batch of commands decided ahead of the store (PageDecisionsAhead), for handleDecided. */
export interface DecidedBatch {
  /** The batch's place in its import: 0, 1, 2, ... */
  readonly seq: number;
  /**
   * The appends, one per page, each expecting `no_stream`; absent when the batch is left to the
   * handler: a page in it was seen in an earlier batch, or got no event (nothing would check
   * what was assumed of it).
   */
  readonly requests?: readonly AppendRequest[];
  readonly duplicates: number;
}

/** A batch numbered and its pages noted as seen (PageDecisionsAhead.admit), not decided yet. */
export interface AdmittedBatch {
  readonly seq: number;
  /** None of its pages was in an earlier batch: deciding it ahead of the store can pay. */
  readonly fresh: boolean;
  readonly byStream: Map<StreamName, PageCommand[]>;
}

export interface PageDecisionsAheadOptions {
  readonly suspectThreshold?: number;
  /** Pages remembered as seen (a dump's long histories span several batches). */
  readonly cacheSize: number;
  readonly decider?: PageDecider;
}

/**
 * Decides an import's commands without reading the store, on the bet that each page of a batch
 * is new: a dump brings each page once, so an import into a store without it wins every time.
 * The store settles the bet when the batch is appended (every request expects `no_stream`), so
 * the decisions can run on another thread than the appends, ahead of them; when it is lost
 * (re-imported pages, another writer), PageCommandHandler.handleDecided decides the batch again
 * from the store. A page that goes on from an earlier batch (a history longer than a batch) is
 * left to the handler too: deciding it here would keep that history's text in flight twice over
 * (commands held for a decision again, events on their way).
 *
 * Every batch of the import must be admitted, in order, even one the caller then leaves to the
 * handler undecided: that is how a page going on from it is recognised.
 */
export class PageDecisionsAhead {
  private readonly seen: LRUCache<StreamName, true>;
  private readonly decider: PageDecider;
  private seq = 0;

  constructor(private readonly options: PageDecisionsAheadOptions) {
    this.seen = new LRUCache({ max: options.cacheSize });
    this.decider = options.decider ?? defaultPageDecider;
  }

  /** Admits the batch, then decides it when it is fresh. */
  async decide(commands: readonly PageCommand[]): Promise<DecidedBatch> {
    return this.decideAdmitted(this.admit(commands));
  }

  /** Numbers the batch and notes its pages as seen; cheap (no decision yet). */
  admit(commands: readonly PageCommand[]): AdmittedBatch {
    const byStream = groupByStream(commands);
    let fresh = true;
    for (const stream of byStream.keys()) {
      if (this.seen.has(stream)) fresh = false;
      this.seen.set(stream, true);
    }
    return { seq: this.seq++, fresh, byStream };
  }

  /** The decisions of an admitted batch; none (left to the handler) unless it is fresh. */
  async decideAdmitted({ seq, fresh, byStream }: AdmittedBatch): Promise<DecidedBatch> {
    if (!fresh) return { seq, duplicates: 0 };
    const initial = (): Folded => ({ state: this.decider.initialState(), revision: -1 });
    const decided = await decideStreams(byStream, initial, this.decider, this.options);
    return { seq, duplicates: decided.duplicates, ...(decided.unchecked === 0 && { requests: decided.requests }) };
  }
}
