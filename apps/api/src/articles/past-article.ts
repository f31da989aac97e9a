import {
  assembleArticles,
  DerivedLookup,
  evolve,
  initialPageState,
  isRedirectPage,
  NO_DERIVATIONS,
  PageState,
  RecordedEvent,
} from '@okapi/domain';
import type { ArticleJson } from '@okapi/projections';

/** A page as it was: its state after a prefix of its stream, and the event to announce it with. */
export interface PastPoint {
  readonly state: PageState;
  readonly event: RecordedEvent;
}

/**
 * The page's state after the events, at the event that recorded the then-current revision (as
 * the latest one, which it was then). Undefined when there was no article then: the page was
 * deleted, had no revision yet, or was a redirect (WME serves no redirects).
 */
export function pastPoint(events: readonly RecordedEvent[]): PastPoint | undefined {
  const state = events.reduce(evolve, initialPageState());
  const current = state.current;
  return pointAt(
    state,
    current && events.find((e) => e.type === 'RevisionCreated' && e.data.revisionId === current.revisionId),
  );
}

/** `pastPoint` from a state already folded and the event that recorded its current revision. */
export function pointAt(state: PageState, recorded: RecordedEvent | undefined): PastPoint | undefined {
  const current = state.current;
  if (!current || state.deleted || isRedirectPage(state)) return undefined;
  if (!recorded || recorded.type !== 'RevisionCreated' || recorded.data.revisionId !== current.revisionId)
    return undefined;
  return { state, event: { ...recorded, data: { ...current, isLatest: true } } as RecordedEvent };
}

/** The WME Article the events described then, through the one assembler every product uses. */
export function pastArticle(
  events: readonly RecordedEvent[],
  derived: DerivedLookup = NO_DERIVATIONS,
): ArticleJson | undefined {
  const point = pastPoint(events);
  return point && articleAt(point, derived);
}

/** The WME Article of a past point, through the one assembler every product uses. */
export function articleAt(point: PastPoint, derived: DerivedLookup = NO_DERIVATIONS): ArticleJson | undefined {
  const [article] = assembleArticles(point.state, point.event, derived);
  return article as unknown as ArticleJson | undefined;
}
