import { LRUCache } from 'lru-cache';
import { RecordedEvent } from '../events/recorded-event';
import { PageState } from '../page/page.state';
import { EventStore } from '../ports/event-store.port';
import { defaultPageDecider, PageDecider } from './page-decider.port';

export interface PageStateTrackerOptions {
  /** Folded page states kept in memory. Default 5 000. */
  readonly cacheSize?: number;
  /** Default: the real page decider's `evolve`. */
  readonly decider?: PageDecider;
}

export interface StateTransition {
  /** The page as it was just before the event. */
  readonly before: PageState;
  /** The page with the event applied. */
  readonly after: PageState;
}

interface Tracked {
  readonly state: PageState;
  /** Stream revision of the last event folded into `state`. */
  readonly revision: number;
}

/**
 * Page state before and after each event, for readers of `$all` (projections, publishers) that
 * need context an event alone lacks (previous version, title after a move). Apply events in
 * offset order from any starting offset: a page not in the cache, or whose cached state is not
 * exactly one revision behind the event (replay, eviction), is rebuilt from its stream, reading
 * only the events before this one.
 */
export class PageStateTracker {
  private readonly cache: LRUCache<string, Tracked>;
  private readonly decider: PageDecider;

  constructor(
    private readonly store: EventStore,
    options: PageStateTrackerOptions = {},
  ) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 5000 });
    this.decider = options.decider ?? defaultPageDecider;
  }

  async apply(event: RecordedEvent): Promise<StateTransition> {
    const cached = this.cache.get(event.stream);
    const before =
      cached && cached.revision === event.streamRevision - 1 ? cached.state : await this.stateBefore(event);
    const after = this.decider.evolve(before, event);
    this.cache.set(event.stream, { state: after, revision: event.streamRevision });
    return { before, after };
  }

  private async stateBefore(event: RecordedEvent): Promise<PageState> {
    // Nothing precedes a stream's first event: skip reading the whole stream (every revision's
    // text), which a replay from offset 0 would otherwise do once per page.
    if (event.streamRevision === 0) return this.decider.initialState();
    // Only the page's past: a page first met mid-log (resume after an import) may have a long
    // future in its stream that this event does not need.
    const history = await this.store.readStream(event.stream, { toRevision: event.streamRevision - 1 });
    let state = this.decider.initialState();
    for (const e of history) {
      if (e.streamRevision >= event.streamRevision) break; // revision, not offset: ESDB stream reads may lack offsets
      state = this.decider.evolve(state, e);
    }
    return state;
  }
}
