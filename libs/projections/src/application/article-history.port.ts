import type { ArticleJson } from '../wme-query';

/** A point in a page's past: a revision id, or an RFC3339 instant (the last revision at or before it). */
export interface HistoryPoint {
  readonly revision?: number;
  /** RFC3339. */
  readonly asOf?: string;
}

/**
 * Time travel (beyond WME): the page an Article describes as it was at a past point, rebuilt from
 * its events. Implemented in the API over the event store (apps/api/src/articles/article-history.service.ts).
 */
export interface ArticleHistory {
  /** The past version of the page `current` describes, or undefined when it did not exist then. */
  asOf(current: ArticleJson, at: HistoryPoint): Promise<ArticleJson | undefined>;
}
