/** Shapes of the API answers the console reads (apps/api/src/console and the WME endpoints). */

export interface Overview {
  readonly head: number;
  readonly wikis: readonly { wiki: string; namespace: number; pages: number; last_edit?: string }[];
  readonly sources: readonly { kind: string; wikis: readonly string[] }[];
}

export interface Rates {
  readonly from: string;
  readonly to: string;
  readonly minutes: readonly number[];
  readonly wikis: readonly { wiki: string; edits: number[]; flagged: number[] }[];
}

export interface ConsoleRevision {
  readonly wiki: string;
  readonly namespace: number;
  readonly page_id: number;
  readonly title: string;
  readonly revision_id: number;
  readonly parent_id?: number;
  readonly timestamp: string;
  readonly editor: { readonly name?: string; readonly is_anonymous: boolean; readonly is_bot: boolean };
  readonly comment?: string;
  readonly is_minor_edit: boolean;
  /** Absent when unknown (hidden text without a size). */
  readonly size?: number;
  readonly delta?: number;
  readonly score: { readonly probability: number; readonly model: string; readonly reasons: readonly string[] };
  readonly flag: string;
  readonly reverted_by?: { readonly revision_id: number; readonly timestamp: string };
  readonly restores_revision_id?: number;
  readonly visibility: { readonly text: boolean; readonly editor: boolean; readonly comment: boolean };
  readonly current_name?: string;
}

export interface RevisionSide {
  readonly revision_id: number;
  readonly parent_id?: number;
  readonly title: string;
  readonly timestamp: string;
  readonly editor?: string;
  readonly comment?: string;
  readonly size?: number;
  readonly text?: string;
  readonly text_hidden: boolean;
}

export interface DiffHunk {
  readonly old_start: number;
  readonly old_lines: number;
  readonly new_start: number;
  readonly new_lines: number;
  readonly lines: readonly string[];
}

export interface RevisionDiff {
  readonly wiki: string;
  readonly page_id: number;
  readonly from?: RevisionSide;
  readonly to: RevisionSide;
  readonly diff?: { readonly hunks: readonly DiffHunk[] } | { readonly too_large: true };
}

export interface Lag {
  readonly head: number;
  readonly projections: readonly { projection: string; checkpoint: number; lag: number; updated_at: string }[];
  readonly bus?: { readonly last_offset?: number };
}

export interface Readiness {
  readonly status: string;
  readonly checks: Readonly<Record<string, { status: string; ms?: number; error?: string; [k: string]: unknown }>>;
}

/** The parts of a WME Article the console shows (every field optional: `fields` may cut them). */
export interface Article {
  readonly name: string;
  readonly identifier: number;
  readonly url?: string;
  readonly abstract?: string;
  readonly date_modified?: string;
  readonly date_created?: string;
  readonly is_part_of?: { identifier: string; url?: string };
  readonly in_language?: { identifier: string };
  readonly namespace?: { identifier: number; name?: string };
  readonly version?: {
    identifier: number;
    comment?: string;
    is_minor_edit?: boolean;
    editor?: { name?: string; identifier?: number; is_anonymous?: boolean; is_bot?: boolean };
    scores?: { revertrisk?: { prediction?: boolean; probability?: { true?: number; false?: number } } };
    size?: { value: number; unit_text: string };
    number_of_characters?: number;
  };
  readonly article_body?: { html?: string; wikitext?: string };
  readonly event?: {
    identifier?: string;
    type: string;
    date_created?: string;
    date_published?: string;
    offset?: number;
  };
  readonly categories?: readonly { name: string; url: string }[];
}

export interface BulkMeta {
  readonly identifier: string;
  readonly version?: string;
  readonly date_modified?: string;
  readonly is_part_of?: { identifier: string };
  readonly in_language?: { identifier: string };
  readonly namespace?: { identifier: number };
  readonly size?: { value: number; unit_text: string };
  readonly chunks?: readonly string[];
  readonly sha256?: string;
}

export interface TableSchema {
  readonly table: string;
  readonly columns: readonly { name: string; type: string }[];
}
