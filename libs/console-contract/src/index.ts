/**
 * What the console endpoints (`/v2/console/*`, `/v2/sql/schema`) answer: one definition for the
 * server that builds these shapes (apps/api/src/console) and the web console that reads them
 * (apps/console). Types only and no imports, so the browser build takes nothing from the server:
 * import it with `import type` (the bundler erases it; nothing of this lib reaches the bundle).
 * JSON is snake_case like WME; absent values are omitted, never null.
 */

/** `GET /v2/console/overview` */
export interface Overview {
  /** Offset of the last event in the store (where a "recent" firehose can start from). */
  readonly head: number;
  readonly wikis: readonly { wiki: string; namespace: number; pages: number; last_edit?: string }[];
  /** Live sources in this deployment's OKAPI_SOURCES (what feeds the firehose). */
  readonly sources: readonly { kind: string; wikis: readonly string[] }[];
}

/** `GET /v2/console/lag`: how far each consumer of the log is behind its head, from the shared stores. */
export interface Lag {
  readonly head: number;
  readonly projections: readonly { projection: string; checkpoint: number; lag: number; updated_at: string }[];
  /** Offset of the last Article in the bus; events that yield no Article (a revert marker) leave no trace. */
  readonly bus?: { readonly last_offset?: number };
}

/** `GET /v2/console/rates`: one list of minutes, and per wiki one count per minute (0 where none). */
export interface Rates {
  readonly from: string;
  readonly to: string;
  /** Epoch ms of each minute's start, ascending, covering the whole window. */
  readonly minutes: readonly number[];
  readonly wikis: readonly { readonly wiki: string; readonly edits: number[]; readonly flagged: number[] }[];
}

/** One revision (`GET /v2/console/pages/{wiki}/{pageId}/revisions` answers a list, newest first). */
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
  /** Set when a later identity revert undid this revision: the flag was confirmed. */
  readonly reverted_by?: { readonly revision_id: number; readonly timestamp: string };
  /** Set when this revision is itself an identity revert. */
  readonly restores_revision_id?: number;
  readonly visibility: { readonly text: boolean; readonly editor: boolean; readonly comment: boolean };
}

/** `GET /v2/console/flagged`: a suspect revision, with the page's name now when it was renamed since. */
export type FlaggedRevision = ConsoleRevision & { readonly current_name?: string };

/** One side of a diff (`GET /v2/console/pages/{wiki}/{pageId}/revisions/{revisionId}` answers one). */
export interface RevisionSide {
  readonly revision_id: number;
  readonly parent_id?: number;
  readonly title: string;
  readonly timestamp: string;
  readonly editor?: string;
  readonly comment?: string;
  /** Absent when unknown (hidden text without a size). */
  readonly size?: number;
  /** Absent when the text is hidden (MediaWiki suppression) or was never fetched. */
  readonly text?: string;
  readonly text_hidden: boolean;
}

export interface DiffHunk {
  readonly old_start: number;
  readonly old_lines: number;
  readonly new_start: number;
  readonly new_lines: number;
  /** Unified-diff lines: ' ' context, '-' removed, '+' added, then the line's text. */
  readonly lines: readonly string[];
}

/** A line diff, or `too_large` when it would cost more than the server allows one diff. */
export type LineDiff = { readonly hunks: readonly DiffHunk[] } | { readonly too_large: true };

/** `GET /v2/console/pages/{wiki}/{pageId}/diff` */
export interface RevisionDiff {
  readonly wiki: string;
  readonly page_id: number;
  readonly from?: RevisionSide;
  readonly to: RevisionSide;
  /** Absent when a side's text is hidden. */
  readonly diff?: LineDiff;
}

/** `GET /v2/console/batch-hours` answers a list of these, oldest first. */
export interface BatchHour {
  readonly date: string;
  readonly hour: string;
}

/** `GET /v2/sql/schema` answers one per documented table. */
export interface TableSchema {
  readonly table: string;
  readonly columns: readonly { name: string; type: string }[];
}
