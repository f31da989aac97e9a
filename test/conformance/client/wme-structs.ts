import { GoStruct, GoType } from './go-decoder';

/**
 * The structs of the official Go SDK (wme-sdk-go `pkg/api`, commit 5e6416f; field list in
 * ../shared/reference/wme-sdk-go.md), as JSON key -> Go type. Only what decoding needs.
 */
const struct = (name: string, fields: GoStruct['fields']): GoStruct => ({ name, fields });
const slice = (t: GoType): GoType => ({ slice: t });

export const Language = struct('Language', {
  identifier: 'string',
  name: 'string',
  alternate_name: 'string',
  direction: 'string',
});
export const Namespace = struct('Namespace', {
  identifier: 'int',
  name: 'string',
  alternate_name: 'string',
  description: 'string',
});
export const Size = struct('Size', { value: 'float64', unit_text: 'string' });
export const Project = struct('Project', {
  name: 'string',
  identifier: 'string',
  url: 'string',
  code: 'string',
  version: 'string',
  date_modified: 'time',
  in_language: Language,
  size: Size,
});
export const Code = struct('Code', { identifier: 'string', name: 'string', description: 'string' });
export const Entity = struct('Entity', { identifier: 'string', url: 'string', aspects: slice('string') });
export const Protection = struct('Protection', { type: 'string', level: 'string', expiry: 'string' });
export const Visibility = struct('Visibility', { text: 'bool', editor: 'bool', comment: 'bool' });
export const License = struct('License', { identifier: 'string', name: 'string', url: 'string' });
export const ArticleBody = struct('ArticleBody', { html: 'string', wikitext: 'string' });
export const Image = struct('Image', {
  content_url: 'string',
  width: 'int',
  height: 'int',
  alternative_text: 'string',
  caption: 'string',
});
export const Editor = struct('Editor', {
  identifier: 'int',
  name: 'string',
  edit_count: 'int',
  groups: slice('string'),
  is_bot: 'bool',
  is_anonymous: 'bool',
  is_admin: 'bool',
  is_patroller: 'bool',
  has_advanced_rights: 'bool',
  date_started: 'time',
});
const Probability = struct('Probability', { true: 'float64', false: 'float64' });
const ProbabilityScore = struct('ProbabilityScore', { prediction: 'bool', probability: Probability });
export const Scores = struct('Scores', {
  revertrisk: ProbabilityScore,
  damaging: ProbabilityScore,
  goodfaith: ProbabilityScore,
  referencerisk: struct('ReferenceRiskData', { reference_risk_score: 'float64' }),
  referenceneed: struct('ReferenceNeedData', { reference_need_score: 'float64' }),
});
export const MaintenanceTags = struct('MaintenanceTags', {
  citation_needed_count: 'int',
  pov_count: 'int',
  clarification_needed_count: 'int',
  update_count: 'int',
});
export const Version = struct('Version', {
  identifier: 'int',
  comment: 'string',
  tags: slice('string'),
  is_minor_edit: 'bool',
  is_flagged_stable: 'bool',
  has_tag_needs_citation: 'bool',
  scores: Scores,
  editor: Editor,
  number_of_characters: 'int',
  size: Size,
  maintenance_tags: MaintenanceTags,
  noindex: 'bool',
});
export const PreviousVersion = struct('PreviousVersion', { identifier: 'int', number_of_characters: 'int' });
export const Event = struct('Event', {
  identifier: 'string',
  type: 'string',
  date_created: 'time',
  date_published: 'time',
  partition: 'int',
  offset: 'int',
});
const Link = struct('Link', { url: 'string', text: 'string', images: slice(Image) });
export const Part: GoStruct = struct('Part', {
  name: 'string',
  type: 'string',
  value: 'string',
  values: slice('string'),
  images: slice(Image),
  links: slice(Link),
  has_parts: () => slice(Part),
});
const NamedUrl = (name: string): GoStruct => struct(name, { name: 'string', url: 'string' });
export const Article = struct('Article', {
  name: 'string',
  identifier: 'int',
  abstract: 'string',
  watchers_count: 'int',
  date_created: 'time',
  date_modified: 'time',
  date_previously_modified: 'time',
  version: Version,
  previous_version: PreviousVersion,
  url: 'string',
  namespace: Namespace,
  in_language: Language,
  main_entity: Entity,
  additional_entities: slice(Entity),
  categories: slice(NamedUrl('Category')),
  templates: slice(NamedUrl('Template')),
  redirects: slice(NamedUrl('Redirect')),
  is_part_of: Project,
  article_body: ArticleBody,
  license: slice(License),
  visibility: Visibility,
  event: Event,
  image: Image,
  protection: slice(Protection),
  description: 'string',
  infoboxes: slice(Part),
  sections: slice(Part),
});
export const StructuredContent = struct('StructuredContent', {
  name: 'string',
  identifier: 'int',
  abstract: 'string',
  description: 'string',
  version: Version,
  url: 'string',
  date_created: 'time',
  date_modified: 'time',
  main_entity: Entity,
  additional_entities: slice(Entity),
  is_part_of: Project,
  in_language: Language,
  infoboxes: slice(Part),
  article_sections: slice(Part),
  image: Image,
  license: slice(License),
  event: Event,
});
/** Snapshot, chunk, batch and structured-contents snapshot metadata share this struct. */
export const Snapshot = struct('Snapshot', {
  name: 'string',
  identifier: 'string',
  version: 'string',
  date_modified: 'time',
  is_part_of: Project,
  in_language: Language,
  namespace: Namespace,
  size: Size,
  chunks: slice('string'),
});
export const LoginResponse = struct('LoginResponse', {
  id_token: 'string',
  access_token: 'string',
  refresh_token: 'string',
  expires_in: 'int',
});
export const RefreshTokenResponse = struct('RefreshTokenResponse', {
  id_token: 'string',
  access_token: 'string',
  expires_in: 'int',
});
