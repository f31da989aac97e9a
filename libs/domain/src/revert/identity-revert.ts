import { RECENT_WINDOW, RevisionSummary } from '../page/page.state';

export interface RevertMatch {
  /** The earlier revision whose content the new revision restores. */
  readonly restoredRevisionId: number;
  /** Revisions between the restored one and the new one, oldest first: the edits undone. */
  readonly revertedRevisionIds: readonly number[];
}

/**
 * Identity revert (as mwreverts / ORES define it): the new content's sha1 equals the sha1 of one of
 * the page's last `window` revisions. The closest match wins (reverting to the latest identical
 * state undoes the fewest edits).
 *
 * Not a revert: a sha1 equal to the immediately previous revision. That is a null/dummy revision
 * (MediaWiki writes one for moves and protection changes) and undoes nothing.
 *
 * Unknown content (a revision without sha1: hidden text, a source that gave none) is never
 * guessed at: when one lies between the new revision and the closest match, the closest equal
 * content might be that one, so nothing is reported.
 *
 * @param recent oldest first, as `PageState.recent`; its last entry is the current revision.
 * @param window how many of the most recent revisions are candidates (default 15).
 */
export function detectIdentityRevert(
  recent: readonly RevisionSummary[],
  sha1: string | undefined,
  window: number = RECENT_WINDOW,
): RevertMatch | undefined {
  if (!sha1 || recent.length === 0) return undefined;
  const last = recent.length - 1;
  if (recent[last].sha1 === sha1 || recent[last].sha1 === undefined) return undefined;
  const oldest = Math.max(0, recent.length - window);
  for (let i = last - 1; i >= oldest; i--) {
    if (recent[i].sha1 === undefined) return undefined;
    if (recent[i].sha1 !== sha1) continue;
    return {
      restoredRevisionId: recent[i].revisionId,
      revertedRevisionIds: recent.slice(i + 1).map((r) => r.revisionId),
    };
  }
  return undefined;
}
