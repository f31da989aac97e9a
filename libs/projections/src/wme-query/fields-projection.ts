import { ARTICLE_FILTERABLE } from './article-filterable';
import { compileRecordFields, FieldsProjection, recordSchema, ShapeLiteral } from './record-schema';
import { queryError } from './wme-query.errors';

export type { FieldsProjection } from './record-schema';

/**
 * The WME Article as `fields` and `filters` name it (wme-sdk-go structs, WME data dictionary).
 * Semantics are record-schema.ts's, shared with every other WME record.
 */
const SCORE: ShapeLiteral = { prediction: 'leaf', probability: { true: 'leaf', false: 'leaf' } };
export const ARTICLE_SHAPE: { readonly [key: string]: ShapeLiteral } = {
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

export const ARTICLE_SCHEMA = recordSchema('Article', ARTICLE_SHAPE, ARTICLE_FILTERABLE);

export const MAX_FIELDS = 255;

/** Compiles WME `fields` over Articles; undefined (or empty) means the whole Article. */
export function compileFields(fields: readonly string[] | undefined): FieldsProjection | undefined {
  if (fields && fields.length > MAX_FIELDS) throw queryError('request.invalid_fields', `at most ${MAX_FIELDS} fields`);
  return compileRecordFields(fields, ARTICLE_SCHEMA);
}

/** Structured contents (WME BETA): the Article's fields plus its structured parts, selected whole. */
export const STRUCTURED_SCHEMA = recordSchema(
  'structured contents',
  { ...ARTICLE_SHAPE, infoboxes: 'leaf', article_sections: 'leaf', references: 'leaf', tables: 'leaf' },
  ARTICLE_FILTERABLE,
);

/** Compiles `fields` over structured contents. */
export function compileStructuredFields(fields: readonly string[] | undefined): FieldsProjection | undefined {
  if (fields && fields.length > MAX_FIELDS) throw queryError('request.invalid_fields', `at most ${MAX_FIELDS} fields`);
  return compileRecordFields(fields, STRUCTURED_SCHEMA);
}
