import { EventStore, toOffset } from '@okapi/domain';
import { subjectFilter, SubjectPattern, DerivationResolver } from '@okapi/projections';
import { ArticleBus } from '@okapi/projections';
import { EventArticleEncoder } from '@okapi/adapters/bus';
import { StreamItem } from './stream-item';

const STORE_PAGE = 256;

export interface CatchUpDeps {
  readonly bus: ArticleBus;
  readonly store: EventStore;
  /** The process's derivations, as the publisher's (default: in-thread; the same Articles). */
  readonly derivations?: DerivationResolver;
}

/**
 * A client's bounded catch-up: every message from offset `fromOffset` (inclusive: the caller
 * drops what it already sent, by position) up to bus sequence `toSeq`, where its live feed begins.
 * What the bus no longer retains (older than its first offset, or everything when the bus is
 * empty, as the in-process bus is after a restart) is re-derived from the event store with the
 * publisher's encoder; the two ranges overlap by one offset so a partially retained offset is
 * whole. Reads are pulled, so a slow client only slows its own catch-up.
 */
export async function* catchUp(
  deps: CatchUpDeps,
  fromOffset: number,
  toSeq: number,
  pattern: SubjectPattern,
): AsyncIterable<StreamItem> {
  const { bus, store } = deps;
  const b = await bus.bounds();
  const empty = b.lastSeq < b.firstSeq;
  let busFrom = fromOffset;
  if (empty || fromOffset <= (b.firstOffset ?? 0)) {
    const until = empty ? Number(await store.head()) : (b.firstOffset as number);
    yield* fromStore(deps, fromOffset, until);
    busFrom = until;
  }
  if (empty) return;
  const fromSeq = await bus.seqAfter(busFrom - 1);
  for await (const m of bus.read(fromSeq, toSeq, subjectFilter(bus.subjectPrefix, pattern))) {
    const item = StreamItem.from(bus.subjectPrefix, m);
    if (item) yield item;
  }
}

async function* fromStore(deps: CatchUpDeps, fromOffset: number, until: number): AsyncIterable<StreamItem> {
  const encoder = new EventArticleEncoder(deps.store, deps.bus.subjectPrefix, deps.derivations);
  let next = fromOffset;
  while (next <= until) {
    const page = await deps.store.readAll({ from: toOffset(next), limit: STORE_PAGE });
    if (page.length === 0) return;
    for (const event of page) {
      if (Number(event.offset) > until) return;
      for (const m of await encoder.encode(event)) {
        const item = StreamItem.from(deps.bus.subjectPrefix, m);
        if (item) yield item;
      }
    }
    next = Number(page[page.length - 1].offset) + 1;
  }
}
