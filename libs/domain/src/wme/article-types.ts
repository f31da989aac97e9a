/**
 * The Wikimedia Enterprise Article (WME `general/schema/article.go`; wme-api.md §2). Same shape for
 * on-demand, snapshot and batch lines and realtime messages. Field names are WME's (snake_case);
 * empty fields are omitted, as WME's Go `omitempty` does, except `namespace.identifier` (0 is kept).
 */
export type ArticleEventType = 'create' | 'update' | 'delete' | 'move' | 'visibility-change';

export const ARTICLE_EVENT_TYPES: readonly ArticleEventType[] = [
  'create',
  'update',
  'delete',
  'move',
  'visibility-change',
];

export interface NamedUrl {
  name: string;
  url: string;
}

export interface ArticleEntity {
  identifier: string;
  url: string;
  aspects?: string[];
}

export interface ProbabilityScore {
  prediction?: boolean;
  probability?: { true: number; false: number };
}

export interface ArticleEditor {
  identifier?: number;
  name?: string;
  is_bot?: boolean;
  is_anonymous?: boolean;
  groups?: string[];
  edit_count?: number;
  date_started?: string;
  is_admin?: boolean;
  is_patroller?: boolean;
  has_advanced_rights?: boolean;
}

export interface ArticleVersion {
  identifier: number;
  comment?: string;
  tags?: string[];
  is_minor_edit?: boolean;
  is_flagged_stable?: boolean;
  has_tag_needs_citation?: boolean;
  /** `revertrisk` is Okapi's revert-risk model (scoring/revert-risk-scorer.ts); upstream scores (damaging, goodfaith, ...) kept. */
  scores?: { revertrisk?: ProbabilityScore; [model: string]: unknown };
  editor?: ArticleEditor;
  number_of_characters?: number;
  size?: { value: number; unit_text: string };
}

export interface ArticleEvent {
  identifier: string;
  type: ArticleEventType;
  date_created?: string;
  date_published?: string;
  partition?: number;
  offset?: number;
}

export interface License {
  identifier: string;
  name: string;
  url: string;
}

export interface Article {
  name: string;
  identifier: number;
  abstract?: string;
  description?: string;
  date_created?: string;
  date_modified?: string;
  date_previously_modified?: string;
  protection?: { type: string; level: string; expiry: string }[];
  version: ArticleVersion;
  previous_version?: { identifier: number; number_of_characters?: number };
  url: string;
  watchers_count?: number;
  namespace: { identifier: number; name?: string };
  in_language: { identifier: string };
  main_entity?: ArticleEntity;
  additional_entities?: ArticleEntity[];
  categories?: NamedUrl[];
  templates?: NamedUrl[];
  redirects?: NamedUrl[];
  is_part_of: { identifier: string; url: string };
  article_body?: { html?: string; wikitext?: string };
  license: License[];
  visibility?: { text: boolean; editor: boolean; comment: boolean };
  event?: ArticleEvent;
  image?: Record<string, unknown>;
}

export const DEFAULT_LICENSE: readonly License[] = [
  {
    identifier: 'CC-BY-SA-4.0',
    name: 'Creative Commons Attribution Share Alike 4.0',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
];
