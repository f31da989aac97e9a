import { PageEvent, RevisionsRevertedData, RevisionVisibilityChangedData } from '@okapi/domain';
import { toClickHouseDateTime } from '../clickhouse/clickhouse-time';
import { bit, RevisionRow, revisionKey, toRevisionRow } from './revision.rows';

/** Latest known row of a revision: from the current batch, else from the table (the runner loads it). */
export type RevisionLookup = (wiki: string, pageId: number, revisionId: number) => RevisionRow | undefined;

/**
 * `revisions` rows for one event. A revert or visibility change rewrites the rows it touches with
 * the event's offset as their new version; a revision that was never recorded is skipped.
 */
export function revisionRows(event: PageEvent, offset: number, lookup: RevisionLookup): RevisionRow[] {
  switch (event.type) {
    case 'RevisionCreated':
      return [toRevisionRow(event.data, offset)];
    case 'RevisionsReverted':
      return revertRows(event.data, offset, lookup);
    case 'RevisionVisibilityChanged':
      return visibilityRows(event.data, offset, lookup);
    case 'PageDeleted':
    case 'PageMoved':
    case 'PageRestored':
      // Revisions keep the title they were saved under; page-level events live in the event store.
      return [];
    default:
      return assertNever(event);
  }
}

/** Revisions a revert or visibility event needs from the table (to load before projecting). */
export function revisionsTouched(
  event: PageEvent,
): { wiki: string; pageId: number; revisionIds: number[] } | undefined {
  if (event.type === 'RevisionsReverted') {
    const d = event.data;
    return { wiki: d.wiki, pageId: d.pageId, revisionIds: [d.revertingRevisionId, ...d.revertedRevisionIds] };
  }
  if (event.type === 'RevisionVisibilityChanged') {
    return { wiki: event.data.wiki, pageId: event.data.pageId, revisionIds: [event.data.revisionId] };
  }
  return undefined;
}

function revertRows(d: RevisionsRevertedData, offset: number, lookup: RevisionLookup): RevisionRow[] {
  const rows: RevisionRow[] = [];
  const reverting = lookup(d.wiki, d.pageId, d.revertingRevisionId);
  if (reverting) rows.push({ ...reverting, reverting: 1, restored_revision_id: d.restoredRevisionId, version: offset });
  // Time-to-revert is measured against the reverting revision's save time.
  const revertedAt = reverting?.timestamp ?? toClickHouseDateTime(d.timestamp);
  for (const id of d.revertedRevisionIds) {
    const row = lookup(d.wiki, d.pageId, id);
    if (!row) continue;
    rows.push({ ...row, reverted: 1, reverted_by: d.revertingRevisionId, reverted_at: revertedAt, version: offset });
  }
  return rows;
}

function visibilityRows(d: RevisionVisibilityChangedData, offset: number, lookup: RevisionLookup): RevisionRow[] {
  const row = lookup(d.wiki, d.pageId, d.revisionId);
  if (!row) return [];
  const v = d.visibility;
  // Hiding blanks the field. Un-hiding restores the flags only; the value itself stays blank here
  // (the event store keeps it, and analytics must never show what was once suppressed).
  return [
    {
      ...row,
      text_visible: bit(v.text),
      editor_visible: bit(v.editor),
      comment_visible: bit(v.comment),
      ...(v.editor ? {} : { editor_id: 0, editor_name: '', editor_groups: [] }),
      ...(v.comment ? {} : { comment: '' }),
      version: offset,
    },
  ];
}

/** Applies one event's rows to a batch-local map so later events in the batch see them. */
export function indexRevisionRows(index: Map<string, RevisionRow>, rows: readonly RevisionRow[]): void {
  for (const r of rows) index.set(revisionKey(r.wiki, r.page_id, r.revision_id), r);
}

function assertNever(x: never): never {
  throw new Error(`unhandled page event: ${JSON.stringify(x)}`);
}
