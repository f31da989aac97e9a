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
   * The earliest batch these decisions rest on (a page already seen in an earlier batch continues
   * from the events decided there): they hold only if every batch from `basis` on was appended
   * as decided.
   */
  readonly basis: number;
  /**
   * The appends, each expecting the revision its page was decided at (`no_stream` for a page not
   * seen before); absent when a page got no event, as nothing would check what was assumed of it.
   */
  readonly requests?: readonly AppendRequest[];
  readonly duplicates: number;
}

export interface PageDecisionsAheadOptions {
  readonly suspectThreshold?: number;
  /** Pages whose decided state is kept for their next batch (a dump's long histories span several). */
  readonly cacheSize: number;
  readonly decider?: PageDecider;
}

interface Ahead extends Folded {
  /** The batch in which this import first decided the page. */
  readonly since: number;
}

/**
 * Decides an import's commands without reading the store, on the bet that this import is the
 * page's only writer: a page not seen before is new, a page seen before is what this import
 * decided for it. The store settles the bet when the batch is appended (expected revisions), so
 * the decisions can run on another thread than the appends, ahead of them; when it is lost
 * (re-imported pages, another writer), PageCommandHandler.handleDecided decides the batch again
 * from the store.
 */
export class PageDecisionsAhead {
  private readonly pages: LRUCache<StreamName, Ahead>;
  private readonly decider: PageDecider;
  private seq = 0;

  constructor(private readonly options: PageDecisionsAheadOptions) {
    this.pages = new LRUCache({ max: options.cacheSize });
    this.decider = options.decider ?? defaultPageDecider;
  }

  async decide(commands: readonly PageCommand[]): Promise<DecidedBatch> {
    const seq = this.seq++;
    let basis = seq;
    const load = (stream: StreamName): Folded => {
      const seen = this.pages.get(stream);
      if (seen) basis = Math.min(basis, seen.since);
      return seen ?? { state: this.decider.initialState(), revision: -1 };
    };
    const decided = await decideStreams(groupByStream(commands), load, this.decider, this.options);
    for (const [stream, folded] of decided.next)
      this.pages.set(stream, { ...folded, since: this.pages.get(stream)?.since ?? seq });
    const requests = decided.unchecked === 0 ? decided.requests : undefined;
    return { seq, basis, duplicates: decided.duplicates, ...(requests && { requests }) };
  }
}
