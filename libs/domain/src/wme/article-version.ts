import { Editor, RevisionCreatedData } from '../events/page.events';
import { countCodePoints } from '../page/code-points';
import { ArticleEditor, ArticleVersion } from './article-types';
import { wmeTimestampOf } from './wme-time';
import { editorRights } from './editor-rights';

/** WME omits empty values (Go `omitempty`): undefined, '', [] and `false` flags. */
export function present<T>(value: T | undefined | null): value is T {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

/** Copies the entries whose value is present (see `present`), keeping key order. */
export function pick<T extends object>(entries: { [K in keyof T]?: T[K] | undefined | null }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries)) if (present(v)) out[k] = v;
  return out as T;
}

export function articleEditor(e: Editor): ArticleEditor | undefined {
  const editor = pick<ArticleEditor>({
    identifier: e.id,
    name: e.name,
    is_bot: e.isBot || undefined,
    is_anonymous: e.isAnonymous || undefined,
    groups: e.groups ? [...e.groups] : undefined,
    edit_count: e.editCount,
    date_started: wmeTimestampOf(e.registeredAt),
    ...editorRights(e.groups),
  });
  return Object.keys(editor).length > 0 ? editor : undefined;
}

/**
 * Code points of the wikitext when Okapi has it (and may show it), else what the source said.
 * `counted`: the count evolve already made for this text, so a 2 MB revision is scanned once.
 */
export function numberOfCharacters(d: RevisionCreatedData, counted?: number): number | undefined {
  if (d.text !== undefined && d.visibility.text) return counted ?? countCodePoints(d.text);
  return d.enrichment?.numberOfCharacters;
}

/**
 * `version`: hidden editor/comment are omitted. `scores` keeps upstream scores (e.g. WME's
 * damaging/goodfaith) and puts Okapi's own score under `revertrisk`, replacing an upstream one,
 * so that `revertrisk.prediction` always agrees with the message's `suspect` flag.
 */
export function articleVersion(d: RevisionCreatedData, countedCharacters?: number): ArticleVersion {
  const p = d.score.probability;
  const revertrisk = {
    prediction: d.score.prediction,
    probability: { true: p, false: Math.round((1 - p) * 1e6) / 1e6 },
  };
  return pick<ArticleVersion>({
    identifier: d.revisionId,
    comment: d.visibility.comment ? d.comment : undefined,
    tags: d.tags ? [...d.tags] : undefined,
    is_minor_edit: d.minor || undefined,
    has_tag_needs_citation: d.enrichment?.hasTagNeedsCitation || undefined,
    scores: { ...(d.enrichment?.scores ?? {}), revertrisk },
    editor: d.visibility.editor ? articleEditor(d.editor) : undefined,
    number_of_characters: numberOfCharacters(d, countedCharacters),
    size: d.size !== undefined ? { value: d.size, unit_text: 'B' } : undefined,
  });
}
