import { Editor, RevisionCreatedData, RevisionsRevertedData } from '../events/page.events';
import { EditorLedger, EditorRecord } from './editor-ledger';

/**
 * The page's past as the revert-risk scorer reads it: kept in PageState, updated by `evolve`
 * from RevisionCreated and RevisionsReverted, so a feature only ever sees what happened before
 * the revision being decided (no label leaks from the future).
 */
export interface ScoringHistory {
  /** Revisions recorded. */
  readonly revisions: number;
  /** Identity reverts seen, and the revisions they undid. */
  readonly reverts: number;
  readonly reverted: number;
  /** Undone revisions, decayed by RECENT_DECAY per new revision: is the page under attack now? */
  readonly recentReverted: number;
  readonly editors: EditorLedger;
  /** Largest account id seen: ids grow with registration time, so an id near it is a new account. */
  readonly maxEditorId: number;
  /** The latest identity revert (its revision id, epoch ms): was the previous edit one, how long ago? */
  readonly lastRevertId?: number;
  readonly lastRevertAt?: number;
}

/** Per revision: a revert 10 revisions ago weighs 0.35, 30 ago 0.04. */
export const RECENT_DECAY = 0.9;

export function emptyScoringHistory(): ScoringHistory {
  return { revisions: 0, reverts: 0, reverted: 0, recentReverted: 0, editors: EditorLedger.empty(), maxEditorId: 0 };
}

/** The ledger key of an editor: account id, else the name (IP, temporary account); none when hidden. */
export function editorKey(e: Editor): string | undefined {
  if (e.id !== undefined && e.id > 0) return `#${e.id}`;
  return e.name ? `@${e.name}` : undefined;
}

export function withRevision(h: ScoringHistory | undefined, d: RevisionCreatedData): ScoringHistory {
  const base = h ?? emptyScoringHistory();
  const key = editorKey(d.editor);
  const at = Date.parse(d.timestamp);
  const editors = key
    ? base.editors.with(key, (r) => ({
        edits: (r?.edits ?? 0) + 1,
        reverted: r?.reverted ?? 0,
        reverts: r?.reverts ?? 0,
        firstAt: r ? Math.min(r.firstAt, at) : at,
        lastAt: r ? Math.max(r.lastAt, at) : at,
      }))
    : base.editors;
  return {
    ...base,
    revisions: base.revisions + 1,
    recentReverted: d.isLatest ? base.recentReverted * RECENT_DECAY : base.recentReverted,
    editors,
    maxEditorId: Math.max(base.maxEditorId, d.editor.isAnonymous ? 0 : (d.editor.id ?? 0)),
  };
}

/** `editorOf` finds an undone revision's editor (the page's recent window holds them all). */
export function withRevert(
  h: ScoringHistory | undefined,
  d: RevisionsRevertedData,
  editorOf: (revisionId: number) => Editor | undefined,
): ScoringHistory {
  const base = h ?? emptyScoringHistory();
  let editors = base.editors;
  for (const id of d.revertedRevisionIds) {
    const editor = editorOf(id);
    const key = editor && editorKey(editor);
    if (key && editors.get(key))
      editors = editors.with(key, (r) => ({ ...(r as EditorRecord), reverted: r!.reverted + 1 }));
  }
  const reverter = editorOf(d.revertingRevisionId);
  const reverterKey = reverter && editorKey(reverter);
  if (reverterKey && editors.get(reverterKey))
    editors = editors.with(reverterKey, (r) => ({ ...(r as EditorRecord), reverts: r!.reverts + 1 }));
  const n = d.revertedRevisionIds.length;
  return {
    ...base,
    reverts: base.reverts + 1,
    reverted: base.reverted + n,
    recentReverted: base.recentReverted + n,
    editors,
    lastRevertId: d.revertingRevisionId,
    lastRevertAt: Date.parse(d.timestamp),
  };
}
