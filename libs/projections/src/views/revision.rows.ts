import { RevisionCreatedData } from '@okapi/domain';
import { toClickHouseDateTime, toEpochMs } from '../clickhouse/clickhouse-time';

/** One row of `revisions` (columns documented in docs/sql-analytics.md). */
export interface RevisionRow {
  readonly wiki: string;
  readonly namespace: number;
  readonly page_id: number;
  readonly title: string;
  readonly revision_id: number;
  readonly parent_id: number;
  readonly timestamp: string;
  readonly timestamp_ms: number;
  readonly editor_id: number;
  readonly editor_name: string;
  readonly editor_is_anonymous: 0 | 1;
  readonly editor_is_bot: 0 | 1;
  readonly editor_groups: readonly string[];
  readonly editor_edit_count: number;
  readonly comment: string;
  readonly minor: 0 | 1;
  readonly tags: readonly string[];
  readonly sha1: string;
  /** null when unknown (a hidden text without a size): ClickHouse `Nullable(UInt64)`. */
  readonly size: number | null;
  /** null unless both this size and the previous revision's are known. */
  readonly delta: number | null;
  readonly is_latest: 0 | 1;
  readonly score: number;
  readonly score_model: string;
  readonly score_reasons: readonly string[];
  readonly flag: string;
  readonly text_visible: 0 | 1;
  readonly editor_visible: 0 | 1;
  readonly comment_visible: 0 | 1;
  readonly reverted: 0 | 1;
  readonly reverted_by: number;
  readonly reverted_at: string;
  readonly reverting: 0 | 1;
  readonly restored_revision_id: number;
  readonly source: string;
  readonly received_at: string;
  /** Offset of the event that produced this row: the ReplacingMergeTree version. */
  readonly version: number;
}

export const bit = (b: boolean | undefined): 0 | 1 => (b ? 1 : 0);

/** The row a RevisionCreated event gives; hidden parts (MediaWiki rev_deleted) are left blank. */
export function toRevisionRow(d: RevisionCreatedData, version: number): RevisionRow {
  const v = d.visibility;
  const e = d.editor;
  return {
    wiki: d.wiki,
    namespace: d.namespace,
    page_id: d.pageId,
    title: d.title,
    revision_id: d.revisionId,
    parent_id: d.parentId ?? 0,
    timestamp: toClickHouseDateTime(d.timestamp),
    timestamp_ms: toEpochMs(d.timestamp),
    editor_id: v.editor ? (e.id ?? 0) : 0,
    editor_name: v.editor ? (e.name ?? '') : '',
    editor_is_anonymous: bit(e.isAnonymous),
    editor_is_bot: bit(e.isBot),
    editor_groups: v.editor ? (e.groups ?? []) : [],
    editor_edit_count: e.editCount ?? 0,
    comment: v.comment ? (d.comment ?? '') : '',
    minor: bit(d.minor),
    tags: d.tags ?? [],
    sha1: d.sha1 ?? '',
    size: d.size ?? null,
    delta: sizeDelta(d),
    is_latest: bit(d.isLatest),
    score: d.score.probability,
    score_model: d.score.model,
    score_reasons: d.score.reasons,
    flag: d.flag,
    text_visible: bit(v.text),
    editor_visible: bit(v.editor),
    comment_visible: bit(v.comment),
    reverted: 0,
    reverted_by: 0,
    reverted_at: toClickHouseDateTime(undefined),
    reverting: 0,
    restored_revision_id: 0,
    source: d.source,
    received_at: toClickHouseDateTime(d.receivedAt),
    version,
  };
}

/** Bytes added: the whole size for a page's first revision; unknown when either size is. */
function sizeDelta(d: RevisionCreatedData): number | null {
  if (d.size === undefined) return null;
  if (d.previousSize !== undefined) return d.size - d.previousSize;
  return d.previousRevisionId === undefined ? d.size : null;
}

/** Key of a revision row: what ReplacingMergeTree deduplicates on. */
export function revisionKey(wiki: string, pageId: number, revisionId: number): string {
  return `${wiki}|${pageId}|${revisionId}`;
}
