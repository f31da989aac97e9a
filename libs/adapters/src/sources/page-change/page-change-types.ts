/**
 * `mediawiki.page_change.v1` events, schema /mediawiki/page/change/1.2.0 (the fields Okapi reads).
 * See ../shared reference wme-api.md §4.3 and schemas-event-primary jsonschema/mediawiki/page/change.
 */
export const PAGE_CHANGE_KINDS = ['create', 'edit', 'move', 'delete', 'undelete', 'visibility_change'] as const;
export type PageChangeKind = (typeof PAGE_CHANGE_KINDS)[number];

export interface PageChangeUser {
  readonly user_id?: number;
  readonly user_text?: string;
  readonly groups?: string[];
  readonly is_bot?: boolean;
  readonly is_system?: boolean;
  readonly is_temp?: boolean;
  readonly registration_dt?: string;
  readonly edit_count?: number;
}

export interface PageChangePage {
  readonly page_id: number;
  /** Prefixed DB key: underscores, namespace prefix included ("Draft:Varvara_Prohorova"). */
  readonly page_title: string;
  readonly namespace_id: number;
  readonly is_redirect?: boolean;
}

export interface PageChangeRevision {
  readonly rev_id: number;
  readonly rev_dt: string;
  readonly rev_parent_id?: number;
  readonly rev_sha1?: string;
  readonly rev_size?: number;
  readonly is_minor_edit?: boolean;
  readonly comment?: string;
  readonly editor?: PageChangeUser;
  readonly is_content_visible?: boolean;
  readonly is_editor_visible?: boolean;
  readonly is_comment_visible?: boolean;
  readonly content_slots?: {
    readonly main?: { content_model?: string; content_format?: string; content_sha1?: string; content_size?: number };
  };
}

export interface PageChangeEvent {
  readonly $schema?: string;
  readonly changelog_kind?: string;
  readonly page_change_kind: PageChangeKind;
  readonly dt: string;
  readonly wiki_id: string;
  readonly meta: {
    readonly domain: string;
    readonly dt?: string;
    readonly id?: string;
    readonly stream?: string;
    readonly uri?: string;
  };
  readonly page: PageChangePage;
  readonly performer?: PageChangeUser;
  readonly comment?: string;
  readonly revision: PageChangeRevision;
  readonly prior_state?: { page?: Partial<PageChangePage>; revision?: Partial<PageChangeRevision> };
  readonly created_redirect_page?: PageChangePage;
}
