/**
 * Every field of the Go SDK's structs listed in ../shared/reference/wme-sdk-go.md, and what a
 * source holds of each. `compareWithSource` checks an Okapi record field by field against the
 * source record: a field the source holds must be equal; a field the source does not hold must be
 * absent, unless Okapi documents how it derives it for that source (README, "Article fields by
 * source") - those exceptions are listed here with their reason, so an invented value fails.
 */
export const ARTICLE_FIELDS = [
  'name',
  'identifier',
  'abstract',
  'watchers_count',
  'date_created',
  'date_modified',
  'date_previously_modified',
  'version',
  'previous_version',
  'url',
  'namespace',
  'in_language',
  'main_entity',
  'additional_entities',
  'categories',
  'templates',
  'redirects',
  'is_part_of',
  'article_body',
  'license',
  'visibility',
  'event',
  'image',
  'protection',
  'description',
  'infoboxes',
  'sections',
] as const;
export const VERSION_FIELDS = [
  'identifier',
  'comment',
  'tags',
  'is_minor_edit',
  'is_flagged_stable',
  'has_tag_needs_citation',
  'scores',
  'editor',
  'number_of_characters',
  'size',
  'maintenance_tags',
  'noindex',
] as const;
export const EDITOR_FIELDS = [
  'identifier',
  'name',
  'edit_count',
  'groups',
  'is_bot',
  'is_anonymous',
  'is_admin',
  'is_patroller',
  'has_advanced_rights',
  'date_started',
] as const;
export const PROTECTION_FIELDS = ['type', 'level', 'expiry'] as const;
export const ENTITY_FIELDS = ['identifier', 'url', 'aspects'] as const;
export const VISIBILITY_FIELDS = ['text', 'editor', 'comment'] as const;

type Rec = Record<string, unknown>;

/** Fields Okapi fills although the source lacks them, and why (documented in the README). */
export type Derivations = Readonly<Partial<Record<string, string>>>;

/** Always Okapi's own: its event envelope, and its vandalism score next to upstream scores. */
const OKAPI_OWN: Derivations = {
  event: 'Okapi event: its offset, partition, type and times (WME sets its own per delivery)',
  'version.scores': 'Okapi adds scores.revertrisk (its vandalism model); upstream scores are kept as received',
};

export interface FieldMismatch {
  readonly path: string;
  readonly okapi: unknown;
  readonly source: unknown;
}

const present = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  v !== false &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as Rec)
        .sort()
        .map((k) => [k, canonical((v as Rec)[k])]),
    );
  return v;
}

function compareField(path: string, okapi: unknown, source: unknown, derived: Derivations, out: FieldMismatch[]): void {
  if (present(source)) {
    if (!same(okapi, source)) out.push({ path, okapi, source });
  } else if (present(okapi) && derived[path] === undefined) {
    out.push({ path, okapi, source: '(source does not hold it)' });
  }
}

/**
 * Field-by-field comparison over every listed struct field; `expected` is what the source holds
 * in WME's shape (a WME record as is; a dump revision mapped by the test).
 */
export function compareWithSource(okapi: Rec, expected: Rec, derivations: Derivations = {}): FieldMismatch[] {
  const derived = { ...OKAPI_OWN, ...derivations };
  const out: FieldMismatch[] = [];
  for (const f of ARTICLE_FIELDS) {
    if (f === 'event') continue;
    if (f === 'version') continue;
    compareField(f, okapi[f], expected[f], derived, out);
  }
  const ov = (okapi.version ?? {}) as Rec;
  const ev = (expected.version ?? {}) as Rec;
  for (const f of VERSION_FIELDS) {
    const path = `version.${f}`;
    if (f === 'editor') {
      const oe = (ov.editor ?? {}) as Rec;
      const ee = (ev.editor ?? {}) as Rec;
      for (const g of EDITOR_FIELDS) compareField(`version.editor.${g}`, oe[g], ee[g], derived, out);
    } else if (f === 'scores') {
      // Upstream scores must be there unchanged; Okapi's revertrisk may be added.
      for (const [model, score] of Object.entries((ev.scores ?? {}) as Rec))
        compareField(`version.scores.${model}`, ((ov.scores ?? {}) as Rec)[model], score, derived, out);
    } else compareField(path, ov[f], ev[f], derived, out);
  }
  return out;
}
