/**
 * # Hand-set vandalism score v1 (`okapi-vandalism-v1`), kept as the baseline
 *
 * The default scorer is now the learned revert-risk model (revert-risk-scorer.ts);
 * `okapi eval vandalism` measures both on the same held-back revisions.
 *
 * Pure, language-agnostic, in-process: a logistic combination of cheap features of the new
 * revision, the page's previous revision and the editor. No word lists (they are per language).
 *
 *     p = 1 / (1 + e^-(INTERCEPT + Σ weight_i · fired_i))        INTERCEPT = -3.0 (p ≈ 0.047)
 *
 * | feature              | fires when                                                                 | weight |
 * |----------------------|----------------------------------------------------------------------------|-------:|
 * | `blanking`           | new size ≤ 10 % of the previous size, previous ≥ 300 B (or new size 0)      |   +4.0 |
 * | `large_removal`      | not blanking, but > 50 % and ≥ 300 B of the previous content removed        |   +1.6 |
 * |                      | (neither fires when the new revision is a redirect: merges are legitimate)  |        |
 * | `repeated_chars`     | added text has a run of ≥ 7 of one character (not markup, digit, space)    |   +1.6 |
 * | `shouting`           | ≥ 70 % of ≥ 12 cased letters in the added text are upper-case              |   +1.5 |
 * | `non_letters`        | ≥ 30 % of ≥ 16 visible added chars are symbols/emoji (not letter, digit, markup) | +0.8 |
 * | `anonymous`          | IP / temporary editor                                                      |   +1.2 |
 * | `newcomer`           | registered < 4 days before the edit, or edit count < 10                    |   +0.8 |
 * | `empty_comment`      | visible edit summary is missing or blank                                   |   +0.5 |
 * | `suspicious_comment` | summary has a run of ≥ 5 of one character or is ≥ 70 % upper-case          |   +0.7 |
 * | `minor_large_change` | marked minor but the size changed by ≥ 1000 B                              |   +0.5 |
 * | `tiny_new_page`      | first revision of a page (no parent) under 64 B                            |   +1.0 |
 * | `revert`             | restores one of the last 15 revisions (identity revert): usually a fix     |   −2.0 |
 * | `bot`                | editor is a bot (flag or `bot` group)                                      |   −3.0 |
 * | `trusted`            | in a trusted group (sysop, rollbacker, autoreviewer, extendedconfirmed,    |   −1.5 |
 * |                      | editor, reviewer, autopatrolled) or ≥ 1000 edits                          |        |
 *
 * Text features need the previous and new wikitext; without them only size and editor features
 * count. Added text = new text minus the common prefix and suffix with the previous text (O(n));
 * character statistics read at most 8 KiB of it, so 100 KB revisions score in well under 1 ms.
 * A revision that arrives out of order (older than the current one) is scored without the
 * previous-revision features: its parent is not known here.
 * Reverted edits are the suspicious ones; a revert itself is scored as probably good.
 * `reasons` lists every feature that fired, in table order.
 */
import { RecordRevision } from '../commands/page.commands';
import { compareRevisions, PageState } from '../page/page.state';
import { RevisionScorer } from './revert-risk-scorer';
import { CharStats, charStats, textChange } from './text-features';

export const VANDALISM_MODEL = 'okapi-vandalism-v1';
export const INTERCEPT = -3.0;

export const WEIGHTS = {
  blanking: 4.0,
  large_removal: 1.6,
  repeated_chars: 1.6,
  shouting: 1.5,
  non_letters: 0.8,
  anonymous: 1.2,
  newcomer: 0.8,
  empty_comment: 0.5,
  suspicious_comment: 0.7,
  minor_large_change: 0.5,
  tiny_new_page: 1.0,
  revert: -2.0,
  bot: -3.0,
  trusted: -1.5,
} as const;

export type VandalismFeature = keyof typeof WEIGHTS;

/** The hand-set model's flag threshold when the caller sets none. */
export const HAND_SET_THRESHOLD = 0.5;

const TRUSTED_GROUPS = new Set([
  'sysop',
  'rollbacker',
  'autoreviewer',
  'extendedconfirmed',
  'editor',
  'reviewer',
  'autopatrolled',
  'bureaucrat',
]);
const DAY_MS = 86_400_000;

export const handSetScore: RevisionScorer = (state, revision, revert, options = {}) => {
  const fired = new Set<VandalismFeature>([
    ...contentFeatures(state, revision),
    ...editorFeatures(revision),
    ...commentFeatures(revision),
  ]);
  if (revert) fired.add('revert');
  const reasons = (Object.keys(WEIGHTS) as VandalismFeature[]).filter((f) => fired.has(f));
  const z = reasons.reduce((sum, f) => sum + WEIGHTS[f], INTERCEPT);
  const probability = Math.round(1e6 / (1 + Math.exp(-z))) / 1e6;
  return {
    model: VANDALISM_MODEL,
    probability,
    prediction: probability >= (options.suspectThreshold ?? HAND_SET_THRESHOLD),
    reasons,
  };
};

function contentFeatures(state: PageState, r: RecordRevision): VandalismFeature[] {
  const base = state.current && compareRevisions(state.current, r) < 0 ? state.current : undefined;
  // An unknown size (hidden text without bytes) fires no size rule: unknown is not 0.
  if (!base) return !r.parentId && !state.current && r.size !== undefined && r.size < 64 ? ['tiny_new_page'] : [];
  const out: VandalismFeature[] = [];
  if (base.size !== undefined && r.size !== undefined) out.push(...sizeRules(r, base.size, r.size));
  if (base.text !== undefined && r.text !== undefined)
    out.push(...addedTextFeatures(charStats(textChange(base.text, r.text).added)));
  return out;
}

function sizeRules(r: RecordRevision, before: number, after: number): VandalismFeature[] {
  const out: VandalismFeature[] = [];
  const removed = before - after;
  if (isRedirect(r)) {
    // Turning a page into a redirect (merge, rename) removes everything legitimately.
  } else if (before > 0 && (after === 0 || (before >= 300 && after <= before * 0.1))) out.push('blanking');
  else if (removed >= 300 && removed > before * 0.5) out.push('large_removal');
  if (r.minor && Math.abs(removed) >= 1000) out.push('minor_large_change');
  return out;
}

// `#REDIRECT [[X]]`, `#WEITERLEITUNG [[X]]`, `#перенаправление [[X]]`: any language's keyword.
const REDIRECT = /^\s*#[^\s[\]]+\s*:?\s*\[\[/u;

function isRedirect(r: RecordRevision): boolean {
  return r.isRedirect === true || (r.text !== undefined && REDIRECT.test(r.text));
}

function addedTextFeatures(s: CharStats): VandalismFeature[] {
  const out: VandalismFeature[] = [];
  if (s.longestRun >= 7) out.push('repeated_chars');
  const cased = s.upper + s.lower;
  if (cased >= 12 && s.upper >= cased * 0.7) out.push('shouting');
  if (s.visible >= 16 && s.symbols >= s.visible * 0.3) out.push('non_letters');
  return out;
}

function editorFeatures(r: RecordRevision): VandalismFeature[] {
  const e = r.editor;
  const out: VandalismFeature[] = [];
  const groups = e.groups ?? [];
  if (e.isAnonymous) out.push('anonymous');
  else if (isNewcomer(r)) out.push('newcomer');
  if (e.isBot || groups.includes('bot')) out.push('bot');
  if (groups.some((g) => TRUSTED_GROUPS.has(g)) || (e.editCount ?? 0) >= 1000) out.push('trusted');
  return out;
}

function isNewcomer(r: RecordRevision): boolean {
  const { registeredAt, editCount } = r.editor;
  if (editCount !== undefined && editCount < 10) return true;
  if (registeredAt === undefined) return false;
  const age = Date.parse(r.timestamp) - Date.parse(registeredAt);
  return Number.isFinite(age) && age < 4 * DAY_MS;
}

function commentFeatures(r: RecordRevision): VandalismFeature[] {
  if (r.visibility && !r.visibility.comment) return [];
  const comment = r.comment?.trim() ?? '';
  if (comment === '') return ['empty_comment'];
  const s = charStats(comment);
  const cased = s.upper + s.lower;
  const shouting = cased >= 8 && s.upper >= cased * 0.7;
  return s.longestRun >= 5 || shouting ? ['suspicious_comment'] : [];
}
