import { Editor, RevisionCreatedData } from '../events/page.events';
import { RevisionIdSet } from './revision-id-set';

/** What the page keeps about each of its recent revisions (revert window, previous version). */
export interface RevisionSummary {
  readonly revisionId: number;
  readonly timestamp: string;
  readonly sha1?: string;
  readonly size: number;
  readonly editor: Editor;
  /** Unicode code points of the wikitext, when the text was known (WME `number_of_characters`). */
  readonly characters?: number;
}

/** How many recent revisions a page remembers: the identity-revert window (mwreverts' default). */
export const RECENT_WINDOW = 15;

export interface PageState {
  /** At least one event recorded. */
  readonly exists: boolean;
  readonly wiki: string;
  readonly pageId: number;
  readonly namespace: number;
  readonly title: string;
  readonly deleted: boolean;
  /** The latest revision (by timestamp, then id) with its full data incl. text/html. */
  readonly current?: RevisionCreatedData;
  /** The revision `current` superseded (WME previous_version / date_previously_modified). */
  readonly previous?: RevisionSummary;
  /** Up to 15 most recent revisions, oldest first (revert window). Its last entry is `current`. */
  readonly recent: readonly RevisionSummary[];
  /** Every recorded revision id (idempotency). */
  readonly revisionIds: ReadonlySet<number>;
  readonly revisionCount: number;
  /** Timestamp of the earliest known revision. */
  readonly dateCreated?: string;
  /** Latest wiki-side `timestamp` of any event applied (not Okapi's receive time). */
  readonly lastEventAt?: string;
  /**
   * Timestamp of the revision that created the page, when Okapi saw it (a revision without parent
   * from a non-snapshot source). Unlike `dateCreated` it is never a guess: WME `date_created`.
   */
  readonly createdAt?: string;
  /** When the page was last deleted / restored / moved (stale-redelivery guards). */
  readonly deletedAt?: string;
  readonly restoredAt?: string;
  readonly movedAt?: string;
}

export function initialPageState(): PageState {
  return {
    exists: false,
    wiki: '',
    pageId: 0,
    namespace: 0,
    title: '',
    deleted: false,
    recent: [],
    revisionIds: RevisionIdSet.empty(),
    revisionCount: 0,
  };
}

/** Orders revisions by timestamp, then id (MediaWiki's own order for equal timestamps). */
export function compareRevisions(
  a: { readonly timestamp: string; readonly revisionId: number },
  b: { readonly timestamp: string; readonly revisionId: number },
): number {
  // Date.parse, not string order: sources differ in precision ("...42Z" vs "...42.000Z").
  const dt = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  if (dt !== 0 && !Number.isNaN(dt)) return dt;
  return a.revisionId - b.revisionId;
}

/** Later of two RFC3339 timestamps (either may be absent). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Earlier of two RFC3339 timestamps (either may be absent). */
export function earlierOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}
