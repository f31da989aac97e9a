import { Visibility } from '../events/page.events';
import { compareTimestamps, PageState, RevisionVisibility } from './page.state';

export const VISIBLE: Visibility = Object.freeze({ text: true, editor: true, comment: true });

export function sameVisibility(a: Visibility, b: Visibility): boolean {
  return a.text === b.text && a.editor === b.editor && a.comment === b.comment;
}

export function isFullyVisible(v: Visibility): boolean {
  return v.text && v.editor && v.comment;
}

/** A revision's visibility as the page knows it; an id it never saw hidden is fully visible. */
export function visibilityOf(state: PageState, revisionId: number): Visibility {
  return state.revisionVisibility.get(revisionId)?.visibility ?? VISIBLE;
}

/** Hidden wherever either says hidden: no source may expose what another one suppressed. */
export function narrowest(a: Visibility, b: Visibility): Visibility {
  if (isFullyVisible(a)) return b;
  if (isFullyVisible(b)) return a;
  return { text: a.text && b.text, editor: a.editor && b.editor, comment: a.comment && b.comment };
}

/** One bit per visibility combination (8 of them), for `RevisionVisibility.appliedAt`. */
function bitOf(v: Visibility): number {
  return 1 << ((v.text ? 1 : 0) | (v.editor ? 2 : 0) | (v.comment ? 4 : 0));
}

/**
 * A redelivered change (sources deliver in order per page): older than the revision's latest
 * applied change, or at that same instant with a visibility already applied then. Without this a
 * redelivered hide after an un-hide would hide the revision again.
 */
export function isRepeatedChange(known: RevisionVisibility | undefined, timestamp: string, v: Visibility): boolean {
  if (!known?.changedAt) return false;
  const dt = compareTimestamps(timestamp, known.changedAt);
  return dt < 0 || (dt === 0 && ((known.appliedAt ?? 0) & bitOf(v)) !== 0);
}

/** The map after a visibility change event (copy on write: changes are rare). */
export function withChange(
  map: ReadonlyMap<number, RevisionVisibility>,
  revisionId: number,
  v: Visibility,
  timestamp: string,
): ReadonlyMap<number, RevisionVisibility> {
  const known = map.get(revisionId);
  const sameInstant = known?.changedAt !== undefined && compareTimestamps(known.changedAt, timestamp) === 0;
  const appliedAt = (sameInstant ? (known.appliedAt ?? 0) : 0) | bitOf(v);
  return new Map(map).set(revisionId, { visibility: v, changedAt: timestamp, appliedAt });
}

/** The map after a revision was recorded with parts hidden (kept so a redelivered hide is a no-op). */
export function withRecordedHidden(
  map: ReadonlyMap<number, RevisionVisibility>,
  revisionId: number,
  v: Visibility,
): ReadonlyMap<number, RevisionVisibility> {
  const known = map.get(revisionId);
  if (known && sameVisibility(known.visibility, v)) return map;
  return new Map(map).set(revisionId, { ...known, visibility: v });
}
