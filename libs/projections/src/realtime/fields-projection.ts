import { ArticleJson } from './article-filter';
import { RealtimeRequestError } from './realtime-request.error';

/**
 * WME `fields`: dotted paths of the Article to keep. A whole object is selected by its name
 * (`version`, as WME's on-demand API and the SDK's own examples do) or with the wildcard
 * (`version.*`). Arrays and scalars are leaves. Unknown children of a known object are accepted
 * (they are simply absent); an unknown top-level name is refused.
 */
type Shape = 'leaf' | { readonly [key: string]: Shape };

const SCORE: Shape = { prediction: 'leaf', probability: { true: 'leaf', false: 'leaf' } };
const ARTICLE: { readonly [key: string]: Shape } = {
  name: 'leaf',
  identifier: 'leaf',
  abstract: 'leaf',
  description: 'leaf',
  url: 'leaf',
  date_created: 'leaf',
  date_modified: 'leaf',
  date_previously_modified: 'leaf',
  watchers_count: 'leaf',
  categories: 'leaf',
  templates: 'leaf',
  redirects: 'leaf',
  license: 'leaf',
  protection: 'leaf',
  additional_entities: 'leaf',
  has_parts: 'leaf',
  version: {
    identifier: 'leaf',
    comment: 'leaf',
    tags: 'leaf',
    is_minor_edit: 'leaf',
    is_flagged_stable: 'leaf',
    has_tag_needs_citation: 'leaf',
    number_of_characters: 'leaf',
    noindex: 'leaf',
    scores: { revertrisk: SCORE, damaging: SCORE, goodfaith: SCORE },
    editor: {
      identifier: 'leaf',
      name: 'leaf',
      is_bot: 'leaf',
      is_anonymous: 'leaf',
      groups: 'leaf',
      edit_count: 'leaf',
      date_started: 'leaf',
      is_admin: 'leaf',
      is_patroller: 'leaf',
      has_advanced_rights: 'leaf',
    },
    size: { value: 'leaf', unit_text: 'leaf' },
    maintenance_tags: {
      citation_needed_count: 'leaf',
      pov_count: 'leaf',
      clarification_needed_count: 'leaf',
      update_count: 'leaf',
    },
  },
  previous_version: { identifier: 'leaf', number_of_characters: 'leaf' },
  namespace: { identifier: 'leaf', name: 'leaf', alternate_name: 'leaf', description: 'leaf' },
  in_language: { identifier: 'leaf', name: 'leaf', alternate_name: 'leaf', direction: 'leaf' },
  is_part_of: { identifier: 'leaf', url: 'leaf', name: 'leaf', code: 'leaf' },
  main_entity: { identifier: 'leaf', url: 'leaf', aspects: 'leaf' },
  article_body: { html: 'leaf', wikitext: 'leaf' },
  visibility: { text: 'leaf', editor: 'leaf', comment: 'leaf' },
  image: { content_url: 'leaf', width: 'leaf', height: 'leaf', alternative_text: 'leaf', caption: 'leaf' },
  event: {
    identifier: 'leaf',
    type: 'leaf',
    date_created: 'leaf',
    date_published: 'leaf',
    partition: 'leaf',
    offset: 'leaf',
  },
};

/** Selection tree: `true` keeps the whole value at that key. */
interface Selection {
  [key: string]: Selection | true;
}

export const MAX_FIELDS = 255;

function invalid(message: string): RealtimeRequestError {
  return new RealtimeRequestError('stream.invalid_fields', message);
}

/** Checks one path against the Article shape; returns its segments (without a trailing `*`). */
function checkPath(path: string): string[] {
  if (typeof path !== 'string' || path.length === 0 || path.length > 255)
    throw invalid(`field ${JSON.stringify(path)} must be 1-255 characters`);
  const parts = path.split('.');
  const wildcard = parts[parts.length - 1] === '*';
  const segs = wildcard ? parts.slice(0, -1) : parts;
  if (segs.length === 0 || segs.some((s) => s === '' || s === '*'))
    throw invalid(`field "${path}" is not a dotted path`);
  let shape: Shape | undefined = ARTICLE;
  for (const [i, seg] of segs.entries()) {
    if (shape === undefined) break; // unknown sub-field of a known object: accepted, simply absent
    if (shape === 'leaf') throw invalid(`field "${path}": "${segs.slice(0, i).join('.')}" has no sub-fields`);
    const next: Shape | undefined = shape[seg];
    if (next === undefined && i === 0) throw invalid(`unknown field "${seg}"`);
    shape = next;
  }
  if (wildcard && shape === 'leaf') throw invalid(`field "${path}": "${segs.join('.')}" is not an object`);
  return segs;
}

function addPath(root: Selection, segs: readonly string[]): void {
  let node = root;
  for (const [i, seg] of segs.entries()) {
    if (node[seg] === true) return;
    if (i === segs.length - 1) {
      node[seg] = true;
      return;
    }
    node = (node[seg] ??= {}) as Selection;
  }
}

function project(value: ArticleJson, sel: Selection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(sel)) {
    const v = value[key];
    if (v === undefined) continue;
    const s = sel[key];
    if (s === true) out[key] = v;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const sub = project(v as ArticleJson, s);
      if (Object.keys(sub).length) out[key] = sub;
    }
  }
  return out;
}

export interface FieldsProjection {
  /** Canonical form of the selection: equal keys project equally (the gateway caches by it). */
  readonly key: string;
  apply(article: ArticleJson): Record<string, unknown>;
}

/** Compiles WME `fields`; undefined (or empty) means the whole Article. */
export function compileFields(fields: readonly string[] | undefined): FieldsProjection | undefined {
  if (!fields || fields.length === 0) return undefined;
  if (fields.length > MAX_FIELDS) throw invalid(`at most ${MAX_FIELDS} fields`);
  const root: Selection = {};
  const paths = [...new Set(fields.map((f) => checkPath(f).join('.')))].sort();
  for (const p of paths) addPath(root, p.split('.'));
  return { key: paths.join(','), apply: (article) => project(article, root) };
}
