import type { FieldKind } from './record-schema';

/** Filterable scalar fields of an Article; the first three are also subject tokens. */
export const ARTICLE_FILTERABLE: { readonly [path: string]: FieldKind } = {
  'is_part_of.identifier': 'string',
  'namespace.identifier': 'integer',
  'event.type': 'string',
  'in_language.identifier': 'string',
  name: 'string',
  identifier: 'integer',
  'version.identifier': 'integer',
  'version.is_minor_edit': 'boolean',
  'version.editor.identifier': 'integer',
  'version.editor.name': 'string',
  'version.editor.is_bot': 'boolean',
  'version.editor.is_anonymous': 'boolean',
  'version.scores.revertrisk.prediction': 'boolean',
  'main_entity.identifier': 'string',
};

export const FILTERABLE_FIELDS: readonly string[] = Object.keys(ARTICLE_FILTERABLE);
