import { RECENT_WINDOW } from '../page/page.state';
/**
 * Revert labels for a page history: was a revision undone by an identity revert soon after it
 * was saved? The standard label Wikimedia's revert-risk models learn from, with MediaWiki's own
 * rules for which revisions a revert marks (`mw-reverted`, RevertedTagUpdate, MediaWiki 1.36+):
 * - only reverts that restore one of the last `maxRevisions` revisions count (MediaWiki's
 *   $wgManualRevertSearchRadius and $wgRevertedTagMaxDepth, both 15);
 * - a revert that is itself reverted marks nothing ("the reverting revision itself must not be
 *   marked as reverted"), so in an edit war only the side that stood is labelled;
 * - null revisions (content equal to the revision before: moves, protections) are never marked;
 * - revisions whose text is hidden are not marked;
 * - self-reverts (the editor undoes their own edit) are marked as MediaWiki marks them, unless
 *   `selfReverts: 'ignore'`.
 * On top, a time window: the revert must come within `windowMs` of the revision (48 h).
 * Labels need the future, so this runs after a replay, never inside `decide`.
 */
export interface LabelledRevision {
  readonly revisionId: number;
  /** Epoch ms. */
  readonly at: number;
  /** Ledger key of the editor (scoring-history.ts `editorKey`); undefined when hidden. */
  readonly editor?: string;
  /** Same content as the revision before it. */
  readonly isNull: boolean;
  readonly textHidden: boolean;
}

export interface RevertRecord {
  readonly revertingRevisionId: number;
  readonly revertedRevisionIds: readonly number[];
}

export interface LabelOptions {
  /** Default 48 h. */
  readonly windowMs?: number;
  /** Search radius: the restored revision is among the last N before the revert. Default 15. */
  readonly maxRevisions?: number;
  /** Default `count` (as MediaWiki's mw-reverted tag). */
  readonly selfReverts?: 'count' | 'ignore';
}

export interface RevertLabel {
  readonly reverted: boolean;
  /** The revert that undid it, when reverted. */
  readonly by?: number;
}

export const DEFAULT_LABEL_WINDOW_MS = 48 * 3_600_000;

export function revertLabels(
  revisions: readonly LabelledRevision[],
  reverts: readonly RevertRecord[],
  options: LabelOptions = {},
): Map<number, RevertLabel> {
  const windowMs = options.windowMs ?? DEFAULT_LABEL_WINDOW_MS;
  const maxDepth = (options.maxRevisions ?? RECENT_WINDOW) - 1;
  const byId = new Map(revisions.map((r) => [r.revisionId, r]));
  const position = new Map(revisions.map((r, i) => [r.revisionId, i]));
  const labels = new Map<number, RevertLabel>(revisions.map((r) => [r.revisionId, { reverted: false }]));
  // Latest first: whether a revert was itself reverted is settled before it marks anything.
  const at = (r: RevertRecord): number => position.get(r.revertingRevisionId) ?? -1;
  const ordered = [...reverts].sort((a, b) => at(b) - at(a));
  for (const revert of ordered) {
    const reverting = byId.get(revert.revertingRevisionId);
    if (!reverting || reverting.textHidden || labels.get(reverting.revisionId)?.reverted) continue;
    if (revert.revertedRevisionIds.length > maxDepth) continue;
    for (const id of revert.revertedRevisionIds) {
      const r = byId.get(id);
      if (!r || r.isNull || r.textHidden || reverting.at - r.at > windowMs) continue;
      if (options.selfReverts === 'ignore' && r.editor !== undefined && r.editor === reverting.editor) continue;
      labels.set(id, { reverted: true, by: reverting.revisionId }); // the earliest revert wins: set last
    }
  }
  return labels;
}
