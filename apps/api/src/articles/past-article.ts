import { evolve, initialPageState, isRedirectPage, RecordedEvent, toArticles } from '@okapi/domain';
import type { ArticleJson } from '@okapi/projections';

/** Folds a page's events (a prefix of its stream) into the WME Article it described then. */
export type PastArticle = (events: readonly RecordedEvent[]) => ArticleJson | undefined;

export const PAST_ARTICLE = Symbol('PAST_ARTICLE');

/**
 * The page's state after the events, mapped through the same mapper the projections use, at the
 * event that recorded the then-current revision. Undefined when there was no article then: the page
 * was deleted, had no revision yet, or was a redirect (WME serves no redirects).
 */
export const pastArticle: PastArticle = (events) => {
  const state = events.reduce(evolve, initialPageState());
  const current = state.current;
  // WME serves no redirects: a page whose revision then was a redirect had no article.
  if (!current || state.deleted || isRedirectPage(state)) return undefined;
  const recorded = events.find((e) => e.type === 'RevisionCreated' && e.data.revisionId === current.revisionId);
  if (!recorded) return undefined;
  const [article] = toArticles(state, { ...recorded, data: { ...current, isLatest: true } } as RecordedEvent);
  return article as unknown as ArticleJson | undefined;
};
