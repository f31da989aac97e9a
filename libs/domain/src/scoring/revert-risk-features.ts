/**
 * Features of the revert-risk model: language-agnostic numbers about the edit, the editor's past
 * on the page and the page's recent reverts, computed from the page state *before* the revision
 * and the revision itself (the decider's inputs), never from anything later. Dumps and live
 * sources give the same fields, so training (`okapi train vandalism`) and production compute
 * them with this one function. Unknown values are -1 (the trees learn what "unknown" means).
 */
import { RecordRevision } from '../commands/page.commands';
import { compareRevisions, PageState, timestampMs } from '../page/page.state';
import { RevertMatch } from '../revert/identity-revert';
import { caseCounts, charStats, sample } from './char-stats';
import { continuationBytes, multiByteUnit, utf8, utf8Scratch } from './unit-classes';
import { firstLetterRuns, firstWords, firstWordsSummary } from './word-tokens';
import { markupCounts, spanCount } from './markup-counts';
import { fadeHeat } from './editor-ledger';
import { editorKey, FINGERPRINT_CHARS, networkKey, sectionAt, sectionHeat } from './scoring-history';
import { textEdit } from './text-change';
import { newFloat64Array } from './float64-pool';

export const FEATURES = [
  'anonymous',
  'editor_page_edits',
  'editor_page_reverted',
  'editor_page_reverts_made',
  'editor_page_reverted_share',
  'network_page_edits',
  'network_page_reverted',
  'reinstates_reverted_text',
  'editor_page_days',
  'editor_seconds_since_own_edit',
  'same_editor_as_previous',
  'account_recency',
  'previous_was_revert',
  'previous_editor_anonymous',
  'restores_own_revision',
  'seconds_since_page_edit',
  'page_revert_rate',
  'page_recent_reverted',
  'page_edits_last_day',
  'page_recent_anonymous_share',
  'seconds_since_page_revert',
  'is_revert',
  'revert_depth',
  'new_page',
  'size_delta',
  'size_ratio',
  'blanking',
  'redirect',
  'added_chars',
  'removed_chars',
  'change_position',
  'added_upper_ratio',
  'added_longest_run',
  'added_longest_word',
  'added_symbol_ratio',
  'added_digit_ratio',
  'added_markup_ratio',
  'added_unseen_words',
  'links_delta',
  'refs_delta',
  'templates_delta',
  'urls_delta',
  'comment_missing',
  'comment_length',
  'comment_section_only',
  'comment_upper_ratio',
  'minor',
  'hour_of_day',
  'day_of_week',
  'session_edits',
  'session_seconds',
  'session_size_delta',
  'diff_added_words',
  'diff_removed_words',
  'diff_added_unseen_share',
  'diff_added_upper_ratio',
  'added_entropy',
  'refs_removed_share',
  'links_removed_share',
  'headings_delta',
  'editor_reverted_since_own_edit',
  'seconds_since_editor_reverted',
  'restores_reverted_version',
  'page_recent_editors',
  'page_edits_last_hour',
  'edits_since_revert',
  'anonymous_edits_since_revert',
  'previous_editor_reverted_share',
  'previous_editor_page_edits',
  'previous_size_delta',
  'previous_seconds',
  'editor_reverted_heat',
  'editor_revert_heat',
  'section_reverted_heat',
  'section_recent_edits',
  'removes_recent_addition',
  'added_longest_token',
  'added_non_ascii_letter_ratio',
  'files_delta',
  'reverted_editors_anonymous_share',
  'reverted_editor_page_edits',
  'reverted_editor_reverts_made',
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Float64Array;

const INDEX = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<FeatureName, number>;
const DAY_S = 86_400;
// `#REDIRECT [[X]]`, `#WEITERLEITUNG [[X]]`, `#перенаправление [[X]]`: any language's keyword.
const REDIRECT = /^\s*#[^\s[\]]+\s*:?\s*\[\[/u;
// `/* Section */` with nothing after it: the summary MediaWiki pre-fills for a section edit.
const SECTION_ONLY = /^\s*\/\*[^*]*\*\/\s*$/;

export function revertRiskFeatures(
  state: PageState,
  r: RecordRevision,
  revert: RevertMatch | undefined,
): FeatureVector {
  const x = newFloat64Array(FEATURES.length).fill(-1);
  const set = (f: FeatureName, v: number): void => void (x[INDEX[f]] = v);
  const at = timestampMs(r.timestamp) / 1000;
  const base = state.current && compareRevisions(state.current, r) < 0 ? state.current : undefined;
  editorFeatures(state, r, at, set);
  pageFeatures(state, base, at, set);
  set('is_revert', revert ? 1 : 0);
  if (revert) {
    set('restores_own_revision', restoresOwn(state, r, revert) ? 1 : 0);
    undoneEditorFeatures(state, revert, set);
  }
  set('revert_depth', revert ? revert.revertedRevisionIds.length : 0);
  set('new_page', base ? 0 : 1);
  set('redirect', r.isRedirect || (r.text !== undefined && REDIRECT.test(r.text)) ? 1 : 0);
  // An unknown size (hidden text without bytes) is missing, not 0: no size features.
  if (base && base.size !== undefined && r.size !== undefined) sizeFeatures(base.size, r.size, set);
  if (base?.text !== undefined && r.text !== undefined) textFeatures(base.text, r.text, r, state, at, set);
  else if (!base && r.text !== undefined) textFeatures('', r.text, r, state, at, set);
  commentFeatures(r, set);
  set('minor', r.minor ? 1 : 0);
  const when = new Date(at * 1000);
  set('hour_of_day', when.getUTCHours() + when.getUTCMinutes() / 60);
  set('day_of_week', when.getUTCDay());
  sessionFeatures(state, r, at, set);
  const reverted = state.scoring?.revertedSha1s;
  if (r.sha1 !== undefined) set('restores_reverted_version', reverted?.includes(r.sha1) ? 1 : 0);
  return x;
}

type Set = (f: FeatureName, v: number) => void;

function editorFeatures(state: PageState, r: RecordRevision, at: number, set: Set): void {
  if (r.visibility && !r.visibility.editor) return; // hidden editor: unknown, not a registered stranger
  set('anonymous', r.editor.isAnonymous ? 1 : 0);
  const key = editorKey(r.editor);
  const seen = key ? state.scoring?.editors.get(key) : undefined;
  set('editor_page_edits', seen?.edits ?? 0);
  set('editor_page_reverted', seen?.reverted ?? 0);
  set('editor_page_reverts_made', seen?.reverts ?? 0);
  if (seen && seen.edits > 0) set('editor_page_reverted_share', seen.reverted / seen.edits);
  const net = networkKey(r.editor);
  if (net) {
    const n = state.scoring?.editors.get(net);
    set('network_page_edits', n?.edits ?? 0);
    set('network_page_reverted', n?.reverted ?? 0);
  }
  if (seen) {
    const reverted = seen.lastRevertedAt;
    set('editor_reverted_heat', fadeHeat(seen.revertedHeat, seen.lastRevertedAt, at * 1000));
    set('editor_revert_heat', fadeHeat(seen.revertHeat, seen.lastRevertAt, at * 1000));
    set('editor_reverted_since_own_edit', reverted !== undefined && reverted >= seen.lastAt ? 1 : 0);
    if (reverted !== undefined) set('seconds_since_editor_reverted', Math.max(0, at - reverted / 1000));
    set('editor_page_days', Math.max(0, at - seen.firstAt / 1000) / DAY_S);
    set('editor_seconds_since_own_edit', Math.max(0, at - seen.lastAt / 1000));
  }
  const previous = state.current?.editor;
  set('same_editor_as_previous', key !== undefined && previous !== undefined && editorKey(previous) === key ? 1 : 0);
  if (previous) set('previous_editor_anonymous', previous.isAnonymous ? 1 : 0);
  const maxId = state.scoring?.maxEditorId ?? 0;
  const id = r.editor.id;
  if (!r.editor.isAnonymous && id !== undefined && id > 0 && maxId > 0)
    set('account_recency', Math.min(id, maxId) / maxId);
}

/** An edit war's mark: the revert brings back a version this same editor saved. */
function restoresOwn(state: PageState, r: RecordRevision, revert: RevertMatch): boolean {
  const restored = state.recent.find((s) => s.revisionId === revert.restoredRevisionId);
  const key = editorKey(r.editor);
  return key !== undefined && restored !== undefined && editorKey(restored.editor) === key;
}

/**
 * Whom a revert undoes: reverting an IP's edit usually stands, reverting a regular of the page
 * who reverts back is an edit war (the revert is likely undone in turn).
 */
function undoneEditorFeatures(state: PageState, revert: RevertMatch, set: Set): void {
  const undone = new Set(revert.revertedRevisionIds);
  const editors = state.recent.filter((s) => undone.has(s.revisionId)).map((s) => s.editor);
  if (editors.length === 0) return;
  set('reverted_editors_anonymous_share', editors.filter((e) => e.isAnonymous).length / editors.length);
  let edits = 0;
  let reverts = 0;
  for (const e of editors) {
    const key = editorKey(e);
    const seen = key ? state.scoring?.editors.get(key) : undefined;
    edits = Math.max(edits, seen?.edits ?? 0);
    reverts = Math.max(reverts, seen?.reverts ?? 0);
  }
  set('reverted_editor_page_edits', edits);
  set('reverted_editor_reverts_made', reverts);
}

function pageFeatures(state: PageState, base: PageState['current'], at: number, set: Set): void {
  const h = state.scoring;
  if (base) set('seconds_since_page_edit', Math.max(0, at - timestampMs(base.timestamp) / 1000));
  set('page_revert_rate', h && h.revisions > 0 ? h.reverted / h.revisions : 0);
  set('page_recent_reverted', h?.recentReverted ?? 0);
  if (base) set('previous_was_revert', h?.lastRevertId === base.revisionId ? 1 : 0);
  if (h?.lastRevertAt !== undefined) set('seconds_since_page_revert', Math.max(0, at - h.lastRevertAt / 1000));
  let lastDay = 0;
  let lastHour = 0;
  const editors = new Set<string | undefined>();
  for (const r of state.recent) {
    const ago = at - timestampMs(r.timestamp) / 1000;
    if (ago <= DAY_S) lastDay++;
    if (ago <= 3600) lastHour++;
    editors.add(editorKey(r.editor));
  }
  set('page_edits_last_day', lastDay);
  set('page_edits_last_hour', lastHour);
  set('page_recent_editors', editors.size);
  const recent = state.recent;
  let since = 0;
  let anonSince = 0;
  for (let i = recent.length - 1; i >= 0 && recent[i].revisionId !== h?.lastRevertId; i--) {
    since++;
    if (recent[i].editor.isAnonymous) anonSince++;
  }
  set('edits_since_revert', since);
  set('anonymous_edits_since_revert', anonSince);
  const last = recent.at(-1);
  if (last) {
    const key = editorKey(last.editor);
    const seen = key ? h?.editors.get(key) : undefined;
    if (seen && seen.edits > 0) {
      set('previous_editor_reverted_share', seen.reverted / seen.edits);
      set('previous_editor_page_edits', seen.edits);
    }
    const before = recent.at(-2);
    if (before) {
      if (last.size !== undefined && before.size !== undefined) set('previous_size_delta', last.size - before.size);
      set('previous_seconds', Math.max(0, (timestampMs(last.timestamp) - timestampMs(before.timestamp)) / 1000));
    }
  }
  if (state.recent.length)
    set('page_recent_anonymous_share', state.recent.filter((r) => r.editor.isAnonymous).length / state.recent.length);
}

function sizeFeatures(before: number, after: number, set: Set): void {
  set('size_delta', after - before);
  set('size_ratio', before > 0 ? after / before : after > 0 ? 10 : 1);
  set('blanking', before > 0 && (after === 0 || (before >= 300 && after <= before * 0.1)) ? 1 : 0);
}

/** What the edit changed: the span between the common prefix and suffix of old and new text. */
function textFeatures(before: string, after: string, r: RecordRevision, state: PageState, at: number, set: Set): void {
  const { prefix, suffix } = textEdit(before, after);
  const added = after.slice(prefix, after.length - suffix);
  const removed = before.slice(prefix, before.length - suffix);
  set('added_chars', added.length);
  set('removed_chars', removed.length);
  set('change_position', before.length > 0 ? prefix / before.length : 0);
  const section = sectionAt(before, prefix);
  set('section_reverted_heat', sectionHeat(state.scoring, section, at * 1000));
  set('section_recent_edits', state.scoring?.recentSections.filter((x) => x.section === section).length ?? 0);
  const s = charStats(added);
  const cased = s.upper + s.lower;
  if (cased > 0) set('added_upper_ratio', s.upper / cased);
  set('added_longest_run', s.longestRun);
  set('added_longest_word', s.longestWord);
  set('added_longest_token', s.longestToken);
  if (s.letters > 0) set('added_non_ascii_letter_ratio', s.nonAsciiLetters / s.letters);
  if (s.visible > 0) {
    set('added_symbol_ratio', s.symbols / s.visible);
    set('added_digit_ratio', s.digits / s.visible);
    set('added_markup_ratio', s.markup / s.visible);
  }
  // Both word features ask whether the page had a word before: each scan of it answered once.
  const inBefore = substringsOf(before);
  set('added_unseen_words', unseenWords(added, before, inBefore));
  const taken = state.scoring?.revertedAdditions ?? [];
  set('reinstates_reverted_text', taken.some((fp) => added.includes(fp)) ? 1 : 0);
  // Taking out what another editor just added, by hand: a partial revert, the other half of an edit war.
  if (removed.length >= FINGERPRINT_CHARS) {
    const editor = editorKey(r.editor);
    const theirs = state.scoring?.recentAdditions.filter((a) => a.editor !== editor) ?? [];
    set(
      'removes_recent_addition',
      theirs.some((a) => removed.includes(a.fingerprint) && !added.includes(a.fingerprint)) ? 1 : 0,
    );
  } else set('removes_recent_addition', 0);
  const a = markupCounts(added);
  const b = markupCounts(removed);
  set('links_delta', a.links - b.links);
  set('refs_delta', a.refs - b.refs);
  set('templates_delta', a.templates - b.templates);
  set('urls_delta', a.urls - b.urls);
  set('headings_delta', a.headings - b.headings);
  set('files_delta', a.files - b.files);
  // The page's own counts, of the two kinds these read only (the page is the longest text here).
  if (b.refs > 0 || a.refs > 0) {
    const page = { refs: spanCount(before, '<ref'), links: spanCount(before, '[[') };
    if (page.refs > 0) set('refs_removed_share', Math.max(0, b.refs - a.refs) / page.refs);
    if (page.links > 0) set('links_removed_share', Math.max(0, b.links - a.links) / page.links);
  } else if (b.links > a.links) {
    const links = spanCount(before, '[[');
    if (links > 0) set('links_removed_share', (b.links - a.links) / links);
  }
  wordDiffFeatures(added, removed, before, inBefore, set);
  set('added_entropy', entropy(added));
}

const MAX_TOKENS = 400;

/** The first `max` matches of the global `pattern` in `text` (`text.match(pattern).slice(0, max)`, without the rest). */
function firstMatches(text: string, pattern: RegExp, max: number): string[] {
  const out: string[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m && out.length < max; m = pattern.exec(text)) out.push(m[0]);
  pattern.lastIndex = 0;
  return out;
}

/** Words the edit brought in and took out (multiset difference of the changed spans' words). */
function wordDiffFeatures(
  added: string,
  removed: string,
  before: string,
  inBefore: (w: string) => boolean,
  set: Set,
): void {
  if (before === '' && newPageWords(added, set)) return;
  const counts = new Map<string, number>();
  const taken = firstWords(sample(removed, 4096), MAX_TOKENS);
  for (const w of taken) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = firstWords(sample(added, 4096), MAX_TOKENS);
  // Nothing taken out (a new page, an insertion): every added word is fresh.
  const fresh = counts.size === 0 ? words : words.filter((w) => !takeOne(counts, w));
  set('diff_added_words', fresh.length);
  // Each added word not fresh took one removed word out of `counts`.
  set('diff_removed_words', taken.length - (words.length - fresh.length));
  if (fresh.length === 0) return;
  const s = caseCounts(fresh.join(' '));
  if (s.upper + s.lower > 0) set('diff_added_upper_ratio', s.upper / (s.upper + s.lower));
  if (before === '') {
    // A new page: every word is unseen.
    if (fresh.some((w) => w.length >= 3)) set('diff_added_unseen_share', 1);
    return;
  }
  // The first 16 distinct words of 3+ characters, in order.
  const distinct = new Set<string>();
  for (let i = 0; i < fresh.length && distinct.size < 16; i++) if (fresh[i].length >= 3) distinct.add(fresh[i]);
  if (distinct.size) {
    let unseen = 0;
    for (const w of distinct) if (!inBefore(w)) unseen++;
    set('diff_added_unseen_share', unseen / distinct.size);
  }
}

/**
 * wordDiffFeatures of a new page (nothing removed: every added word is fresh, and unseen) from a
 * summary of its words; false for a text with surrogates (the words are made then).
 */
function newPageWords(added: string, set: Set): boolean {
  const s = firstWordsSummary(sample(added, 4096), MAX_TOKENS);
  if (!s) return false;
  set('diff_added_words', s.words);
  set('diff_removed_words', 0);
  if (s.words === 0) return true;
  if (s.upper + s.lower > 0) set('diff_added_upper_ratio', s.upper / (s.upper + s.lower));
  if (s.anyOfThree) set('diff_added_unseen_share', 1);
  return true;
}

const ENTROPY_SPAN = 2048;
// Scratch for entropy(), zeroed again after each use: counts per code unit, and the code units
// seen in order of first occurrence (the order the sum runs in, so the result is always the same).
const unitCounts = new Uint16Array(65536);
const unitsSeen = new Uint16Array(ENTROPY_SPAN);

/** `text.includes(w)`, each `w` looked for once. */
function substringsOf(text: string): (w: string) => boolean {
  const seen = new Map<string, boolean>();
  return (w) => {
    let found = seen.get(w);
    if (found === undefined) seen.set(w, (found = text.includes(w)));
    return found;
  };
}

/** Takes one `w` out of the multiset `counts`, if it holds one. */
function takeOne(counts: Map<string, number>, w: string): boolean {
  const c = counts.get(w) ?? 0;
  if (c > 0) counts.set(w, c - 1);
  return c > 0;
}

/** Shannon entropy (bits per character) of the added text's first 2 KiB; -1 when too short. */
function entropy(text: string): number {
  const n = Math.min(text.length, ENTROPY_SPAN);
  if (n < 8) return -1;
  const distinct = countUnits(text, n);
  let h = 0;
  for (let k = 0; k < distinct; k++) {
    const c = unitCounts[unitsSeen[k]];
    unitCounts[unitsSeen[k]] = 0;
    h -= (c / n) * Math.log2(c / n);
  }
  return h;
}

const headBytes = utf8Scratch(ENTROPY_SPAN);

/**
 * Counts the first `n` code units of `text` into unitCounts; returns how many distinct ones.
 * Counted from the head's UTF-8 bytes (unit-classes.ts), which V8 reads faster than a string's
 * code units (a two-byte string's the slowest); a head with surrogates from its code units.
 */
function countUnits(text: string, n: number): number {
  const written = utf8(text.length > n ? text.slice(0, n) : text, headBytes);
  let distinct = 0;
  for (let i = 0; i < written; i++) {
    let c = headBytes[i];
    if (c >= 0x80) {
      c = multiByteUnit(headBytes, i);
      if (c < 0) return countCodeUnits(text, n, distinct);
      i += continuationBytes(headBytes[i]);
    }
    if (unitCounts[c]++ === 0) unitsSeen[distinct++] = c;
  }
  return distinct;
}

/** countUnits over code units, once the first `counted` distinct ones counted from bytes are zeroed again. */
function countCodeUnits(text: string, n: number, counted: number): number {
  for (let k = 0; k < counted; k++) unitCounts[unitsSeen[k]] = 0;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (unitCounts[c]++ === 0) unitsSeen[distinct++] = c;
  }
  return distinct;
}

/** The editor's streak of consecutive revisions right before this one (a session). */
function sessionFeatures(state: PageState, r: RecordRevision, at: number, set: Set): void {
  const key = editorKey(r.editor);
  if (key === undefined || (r.visibility && !r.visibility.editor)) return; // hidden editor: unknown
  const recent = state.recent;
  let i = recent.length - 1;
  while (i >= 0 && editorKey(recent[i].editor) === key) i--;
  const streak = recent.length - 1 - i;
  set('session_edits', streak);
  if (streak > 0) set('session_seconds', Math.max(0, at - timestampMs(recent[i + 1].timestamp) / 1000));
  const start = recent[i]?.size;
  if (i >= 0 && start !== undefined && r.size !== undefined) set('session_size_delta', r.size - start);
}

function commentFeatures(r: RecordRevision, set: Set): void {
  if (r.visibility && !r.visibility.comment) return; // hidden: unknown, not missing
  const comment = r.comment?.trim() ?? '';
  set('comment_missing', comment === '' ? 1 : 0);
  set('comment_length', comment.length);
  set('comment_section_only', SECTION_ONLY.test(comment) ? 1 : 0);
  const s = charStats(comment);
  const cased = s.upper + s.lower;
  if (cased > 0) set('comment_upper_ratio', s.upper / cased);
}

const WORD = /\p{L}{4,}/gu;
const MAX_WORDS = 8;

/**
 * Share of the added text's words (up to 8, of 4+ letters, from its first 2 KiB) that the page
 * did not contain before: vandalism brings words an article never uses, an edit mostly reuses its
 * vocabulary. Language-agnostic (any script's letters); -1 when nothing word-like was added.
 */
function unseenWords(added: string, before: string, inBefore: (w: string) => boolean): number {
  const head = added.slice(0, 2048);
  // A new page: every word is unseen.
  if (before === '') return (firstLetterRuns(head, 4, 1) ?? firstMatches(head, WORD, 1)).length ? 1 : -1;
  const words = new Set(firstLetterRuns(head, 4, 64) ?? firstMatches(head, WORD, 64));
  if (words.size === 0) return -1;
  const picked = [...words].sort((a, b) => b.length - a.length).slice(0, MAX_WORDS);
  let unseen = 0;
  for (const w of picked) if (!inBefore(w)) unseen++;
  return unseen / picked.length;
}
