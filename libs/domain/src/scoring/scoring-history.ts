import { Editor, RevisionCreatedData, RevisionsRevertedData } from '../events/page.events';
import { EditorLedger, EditorRecord, fadeHeat } from './editor-ledger';
import { textEdit } from './text-change';
import { timestampMs } from '../page/page.state';

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
  /** Fingerprints of what the last revisions added (for when they get reverted), newest last. */
  readonly recentAdditions: readonly Addition[];
  /** Fingerprints of text that reverts took out: bringing it back is how edit wars go on. */
  readonly revertedAdditions: readonly string[];
  /** Content hashes of versions reverts undid, newest last: restoring one re-fights a revert. */
  readonly revertedSha1s: readonly string[];
  /** The section each of the last revisions changed (its heading; '' for the lead), newest last. */
  readonly recentSections: readonly { readonly revisionId: number; readonly section: string }[];
  /** Sections whose edits reverts undid, with a fading count (HEAT_HALF_LIFE_MS) as of `at`. */
  readonly revertedSections: readonly SectionHeat[];
}

export interface SectionHeat {
  readonly section: string;
  readonly heat: number;
  readonly at: number;
}

interface Addition {
  readonly revisionId: number;
  readonly fingerprint: string;
  /** Ledger key of its editor. */
  readonly editor?: string;
}

/** How much of an addition identifies it; shorter additions are not remembered (too common). */
export const FINGERPRINT_CHARS = 40;
const KEEP_ADDITIONS = 15;
const KEEP_REVERTED = 30;

/** Per revision: a revert 10 revisions ago weighs 0.35, 30 ago 0.04. */
export const RECENT_DECAY = 0.9;

export function emptyScoringHistory(): ScoringHistory {
  return {
    revisions: 0,
    reverts: 0,
    reverted: 0,
    recentReverted: 0,
    editors: EditorLedger.empty(),
    maxEditorId: 0,
    recentAdditions: [],
    revertedAdditions: [],
    revertedSha1s: [],
    recentSections: [],
    revertedSections: [],
  };
}

/** The ledger key of an editor: account id, else the name (IP, temporary account); none when hidden. */
export function editorKey(e: Editor): string | undefined {
  if (e.id !== undefined && e.id > 0) return `#${e.id}`;
  return e.name ? `@${e.name}` : undefined;
}

/**
 * The ledger key of an anonymous editor's network (IPv4 /16, IPv6 /48): dynamic addresses of one
 * vandal share it. Undefined for accounts.
 */
export function networkKey(e: Editor): string | undefined {
  if (!e.isAnonymous || !e.name) return undefined;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(e.name);
  if (v4) return `~${v4[1]}.${v4[2]}`;
  return e.name.includes(':') ? `~${e.name.toLowerCase().split(':').slice(0, 3).join(':')}` : undefined;
}

/** What an edit added (between the common prefix and suffix of the old and new text). */
export function addedSpan(before: string, after: string): string {
  const { prefix, suffix } = textEdit(before, after);
  return after.slice(prefix, after.length - suffix);
}

/** The fingerprint of an addition: its first FINGERPRINT_CHARS visible characters, if it has that many. */
export function fingerprintOf(added: string): string | undefined {
  const t = added.trim();
  return t.length >= FINGERPRINT_CHARS ? detached(t.slice(0, FINGERPRINT_CHARS)) : undefined;
}

/**
 * A copy of `s`, not a slice: V8 slices keep their whole parent (a revision's text) alive, in the
 * state that keeps this. Concatenated, then sliced back, the copy is made flat by V8 in one go:
 * ~0.07 us for a fingerprint where splitting into code points and joining them took ~0.7 us.
 */
function detached(s: string): string {
  return (s + ' ').slice(0, -1);
}

const edited =
  (at: number) =>
  (r: EditorRecord | undefined): EditorRecord => ({
    ...r,
    edits: (r?.edits ?? 0) + 1,
    reverted: r?.reverted ?? 0,
    reverts: r?.reverts ?? 0,
    firstAt: r ? Math.min(r.firstAt, at) : at,
    lastAt: r ? Math.max(r.lastAt, at) : at,
  });

/** `previousText`: the page's current text before `d` (what `d` changed), when known. */
export function withRevision(
  h: ScoringHistory | undefined,
  d: RevisionCreatedData,
  previousText: string | undefined,
): ScoringHistory {
  const base = h ?? emptyScoringHistory();
  const at = timestampMs(d.timestamp);
  let editors = base.editors;
  for (const key of [editorKey(d.editor), networkKey(d.editor)]) if (key) editors = editors.with(key, edited(at));
  const known = d.isLatest && previousText !== undefined && d.text !== undefined;
  const fingerprint = known ? fingerprintOf(addedSpan(previousText, d.text)) : undefined;
  const section = known ? changedSection(previousText, d.text) : undefined;
  return {
    ...base,
    recentAdditions: fingerprint
      ? [
          ...base.recentAdditions.slice(-(KEEP_ADDITIONS - 1)),
          { revisionId: d.revisionId, fingerprint, editor: editorKey(d.editor) },
        ]
      : base.recentAdditions,
    revisions: base.revisions + 1,
    recentReverted: d.isLatest ? base.recentReverted * RECENT_DECAY : base.recentReverted,
    editors,
    maxEditorId: Math.max(base.maxEditorId, d.editor.isAnonymous ? 0 : (d.editor.id ?? 0)),
    recentSections:
      section !== undefined
        ? [...base.recentSections.slice(-(KEEP_ADDITIONS - 1)), { revisionId: d.revisionId, section }]
        : base.recentSections,
  };
}

const MAX_HEADING = 80;

/** The heading of the section where `after` starts to differ from `before` ('' for the lead). */
export function changedSection(before: string, after: string): string {
  return sectionAt(before, textEdit(before, after).prefix);
}

// The last answer: scoring an edit and recording it ask for the same text and position.
let lastSection = { text: '', position: 0, section: '' };

/** The heading above `position` in `text`, without its `=` marks; '' for the lead. */
export function sectionAt(text: string, position: number): string {
  if (position === lastSection.position && text === lastSection.text) return lastSection.section;
  const section = headingAbove(text, position);
  lastSection = { text, position, section };
  return section;
}

function headingAbove(text: string, position: number): string {
  let at = text.lastIndexOf('\n=', position - 1);
  if (at < 0 && !text.startsWith('=')) return '';
  at = at < 0 ? 0 : at + 1;
  const end = text.indexOf('\n', at);
  const line = text
    .slice(at, end < 0 ? text.length : end)
    .replace(/^=+|=+\s*$/g, '')
    .trim();
  return detached(line.slice(0, MAX_HEADING));
}

/** The fading count of reverted edits in `section`, as of `at` (epoch ms). */
export function sectionHeat(h: ScoringHistory | undefined, section: string, at: number): number {
  const s = h?.revertedSections.find((x) => x.section === section);
  return s ? fadeHeat(s.heat, s.at, at) : 0;
}

/** `revisionOf` finds an undone revision's editor and hash (the page's recent window holds them all). */
export function withRevert(
  h: ScoringHistory | undefined,
  d: RevisionsRevertedData,
  revisionOf: (revisionId: number) => { readonly editor: Editor; readonly sha1?: string } | undefined,
): ScoringHistory {
  const base = h ?? emptyScoringHistory();
  const at = timestampMs(d.timestamp);
  let editors = base.editors;
  const sha1s: string[] = [];
  for (const id of d.revertedRevisionIds) {
    const undone = revisionOf(id);
    if (undone?.sha1) sha1s.push(undone.sha1);
    for (const key of undone ? [editorKey(undone.editor), networkKey(undone.editor)] : []) {
      const r = key ? editors.get(key) : undefined;
      if (key && r)
        editors = editors.with(key, () => ({
          ...r,
          reverted: r.reverted + 1,
          lastRevertedAt: at,
          revertedHeat: fadeHeat(r.revertedHeat, r.lastRevertedAt, at, 1),
        }));
    }
  }
  const undone = new Set(d.revertedRevisionIds);
  const takenOut = base.recentAdditions.filter((a) => undone.has(a.revisionId)).map((a) => a.fingerprint);
  const reverter = revisionOf(d.revertingRevisionId)?.editor;
  const reverterKey = reverter && editorKey(reverter);
  const reverterRecord = reverterKey ? editors.get(reverterKey) : undefined;
  if (reverterKey && reverterRecord)
    editors = editors.with(reverterKey, () => ({
      ...reverterRecord,
      reverts: reverterRecord.reverts + 1,
      lastRevertAt: at,
      revertHeat: fadeHeat(reverterRecord.revertHeat, reverterRecord.lastRevertAt, at, 1),
    }));
  const n = d.revertedRevisionIds.length;
  return {
    ...base,
    reverts: base.reverts + 1,
    reverted: base.reverted + n,
    recentReverted: base.recentReverted + n,
    editors,
    lastRevertId: d.revertingRevisionId,
    lastRevertAt: at,
    recentAdditions: base.recentAdditions.filter((a) => !undone.has(a.revisionId)),
    revertedAdditions: takenOut.length
      ? [...base.revertedAdditions, ...takenOut].slice(-KEEP_REVERTED)
      : base.revertedAdditions,
    revertedSha1s: sha1s.length ? [...base.revertedSha1s, ...sha1s].slice(-KEEP_REVERTED) : base.revertedSha1s,
    revertedSections: heated(base, undone, at),
  };
}

const KEEP_SECTIONS = 20;

function heated(h: ScoringHistory, undone: ReadonlySet<number>, at: number): readonly SectionHeat[] {
  const hit = h.recentSections.filter((s) => undone.has(s.revisionId));
  if (hit.length === 0) return h.revertedSections;
  const out = [...h.revertedSections];
  for (const { section } of hit) {
    const i = out.findIndex((s) => s.section === section);
    const heat = i >= 0 ? fadeHeat(out[i].heat, out[i].at, at, 1) : 1;
    if (i >= 0) out.splice(i, 1);
    out.push({ section, heat, at });
  }
  return out.slice(-KEEP_SECTIONS);
}
