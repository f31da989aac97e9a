import { Editor, RevisionCreatedData, Visibility } from '../events/page.events';
import { ScoringHistory } from '../scoring/scoring-history';
import { RevisionIdSet } from './revision-id-set';

/** What the page keeps about each of its recent revisions (revert window, previous version). */
export interface RevisionSummary {
  readonly revisionId: number;
  readonly timestamp: string;
  readonly sha1?: string;
  /** Absent when unknown (see RevisionCreatedData.size). */
  readonly size?: number;
  readonly editor: Editor;
  /** Unicode code points of the wikitext, when the text was known (WME `number_of_characters`). */
  readonly characters?: number;
  /** Present (true) only for a redirect: an article that became a redirect left the article set. */
  readonly isRedirect?: true;
}

/** What the page knows about one revision's visibility beyond "fully visible". */
export interface RevisionVisibility {
  readonly visibility: Visibility;
  /** Wiki time of the latest visibility change applied to it (absent: only recorded hidden). */
  readonly changedAt?: string;
  /** Visibilities applied at exactly `changedAt`, one bit per combination (redelivery guard). */
  readonly appliedAt?: number;
}

/**
 * The page actions (delete / restore / move) applied at the latest action time. MediaWiki
 * timestamps have one-second precision, so a delete and a restore in the same second are
 * indistinguishable by time alone: a redelivered action whose key is already here is a no-op.
 */
export interface PageActions {
  /** RFC3339 of the latest applied page action. */
  readonly at: string;
  /** `delete`, `restore`, `move>{ns}:{title}`: actions applied at exactly `at`, in order. */
  readonly keys: readonly string[];
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
  /**
   * Only revisions recorded with something hidden or named by a visibility change (known or not
   * recorded yet): most revisions are fully visible and never appear here. Absent id = visible.
   */
  readonly revisionVisibility: ReadonlyMap<number, RevisionVisibility>;
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
  /** Delete / restore / move redelivery guard; absent until the first such action. */
  readonly pageActions?: PageActions;
  /** The page's editors and reverts so far, for the revert-risk scorer; absent until the first revision. */
  readonly scoring?: ScoringHistory;
}

const NOTHING_HIDDEN: ReadonlyMap<number, RevisionVisibility> = new Map();

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
    revisionVisibility: NOTHING_HIDDEN,
    revisionCount: 0,
  };
}

/** Orders revisions by timestamp, then id (MediaWiki's own order for equal timestamps). */
export function compareRevisions(
  a: { readonly timestamp: string; readonly revisionId: number },
  b: { readonly timestamp: string; readonly revisionId: number },
): number {
  const dt = compareTimestamps(a.timestamp, b.timestamp);
  return dt !== 0 && !Number.isNaN(dt) ? dt : a.revisionId - b.revisionId;
}

/**
 * Sign of `a - b` for RFC3339 timestamps (NaN when one is unreadable). Two UTC timestamps of the
 * same shape (same length, `T` at 10, trailing `Z`) order as strings: no Date.parse, which ran
 * ~10 times per imported revision. Other pairs differ in precision ("...42Z" vs "...42.000Z")
 * or zone, and are parsed.
 */
export function compareTimestamps(a: string, b: string): number {
  const n = a.length;
  if (
    n === b.length &&
    n >= 20 &&
    a.charCodeAt(n - 1) === 90 &&
    b.charCodeAt(n - 1) === 90 &&
    a.charCodeAt(10) === 84 &&
    b.charCodeAt(10) === 84
  ) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return Date.parse(a) - Date.parse(b);
}

/**
 * `Date.parse(s)` for an RFC3339 timestamp, to the same number (NaN when unreadable). The shape of
 * every dump timestamp (`YYYY-MM-DDTHH:MM:SSZ`, UTC, whole seconds) is read from its digits when
 * its fields are plainly valid (a day up to 28; other days, years before 100 and other shapes go
 * to Date.parse): the revert-risk features and the scoring history read ~20 timestamps per
 * revision decided, and Date.parse took ~0.2 us each, twice the time of this.
 */
export function timestampMs(s: string): number {
  if (
    s.length !== 20 ||
    s.charCodeAt(19) !== 90 || // Z
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  )
    return Date.parse(s);
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  // NaN (a non-digit) fails every comparison, so goes to Date.parse too.
  const plain =
    year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59;
  return plain ? Date.UTC(year, month - 1, day, hour, minute, second) : Date.parse(s);
}

/** The decimal number written in `s` from `at`, `n` digits long; NaN if one is not a digit. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** Later of two RFC3339 timestamps (either may be absent). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTimestamps(b, a) > 0 ? b : a;
}

/** Earlier of two RFC3339 timestamps (either may be absent). */
export function earlierOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTimestamps(b, a) < 0 ? b : a;
}
