import { sqlList, sqlLiteral } from '@okapi/projections';
import type { FlaggedQuery } from './console-params';

/**
 * The console's fixed queries over the documented views. Portable SQL (chDB 26.x and ClickHouse
 * 18.16: no window functions, no DateTime64, no query parameters); every value goes through
 * `sqlLiteral`. Times are compared as `timestamp_ms` so no DateTime parsing differs by engine.
 */

/** The tables the SQL console documents (docs/sql-analytics.md). */
export const DOCUMENTED_TABLES = [
  'articles_current',
  'article_versions_hourly',
  'article_documents',
  'revisions',
  'projection_checkpoints',
];

export function schemaSql(): string {
  return `SELECT table, name, type FROM system.columns
WHERE database = currentDatabase() AND table IN ${sqlList(DOCUMENTED_TABLES)}`;
}

/** Wikis and namespaces present, with an approximate page count (uniq is HyperLogLog). */
export function wikisSql(): string {
  return `SELECT wiki, namespace, uniq(page_id) AS pages, max(timestamp_ms) AS last_ms
FROM revisions GROUP BY wiki, namespace ORDER BY wiki, namespace`;
}

/**
 * Edits (distinct revisions: rows rewritten by a revert count once) and flagged edits per wiki
 * per minute of wiki-side time, for `[fromMs, toMs)`.
 */
export function ratesSql(fromMs: number, toMs: number): string {
  return `SELECT wiki, intDiv(timestamp_ms, 60000) * 60000 AS minute_ms,
  uniqExact(page_id, revision_id) AS edits,
  uniqExactIf(page_id, revision_id, flag = 'suspect') AS flagged
FROM revisions
WHERE timestamp_ms >= ${sqlLiteral(fromMs)} AND timestamp_ms < ${sqlLiteral(toMs)}
GROUP BY wiki, minute_ms ORDER BY minute_ms, wiki`;
}

const REVISION_COLUMNS = `wiki, namespace, page_id, title, revision_id, parent_id, timestamp_ms,
  editor_name, editor_is_anonymous, editor_is_bot, comment, minor, size, delta,
  score, score_model, score_reasons, flag, reverted, reverted_by, reverted_at,
  reverting, restored_revision_id, text_visible, editor_visible, comment_visible`;

/**
 * Suspect revisions, newest first. The revert columns change when a later revert rewrites the row,
 * so they are filtered outside FINAL (docs/sql-analytics.md: a filter inside could see an old copy).
 */
export function flaggedSql(q: FlaggedQuery): string {
  const wiki = q.wiki === undefined ? '' : `WHERE wiki = ${sqlLiteral(q.wiki)}`;
  const status = q.status === 'confirmed' ? 'AND reverted = 1' : q.status === 'unconfirmed' ? 'AND reverted = 0' : '';
  return `SELECT * FROM (SELECT ${REVISION_COLUMNS} FROM revisions FINAL ${wiki})
WHERE flag = 'suspect' ${status}
ORDER BY timestamp_ms DESC, revision_id DESC LIMIT ${sqlLiteral(q.limit)}`;
}

/** One page's revisions, newest first (key-prefix read). */
export function historySql(wiki: string, pageId: number, limit: number): string {
  return `SELECT ${REVISION_COLUMNS} FROM revisions FINAL
WHERE wiki = ${sqlLiteral(wiki)} AND page_id = ${sqlLiteral(pageId)}
ORDER BY timestamp_ms DESC, revision_id DESC LIMIT ${sqlLiteral(limit)}`;
}

/** Where live pages are now (name), for links from revisions saved under an older title. */
export function currentNamesSql(wiki: string, pageIds: readonly number[]): string {
  return `SELECT wiki, page_id, name FROM (
  SELECT wiki, page_id, name, deleted FROM articles_current FINAL
  WHERE wiki = ${sqlLiteral(wiki)} AND page_id IN ${sqlList(pageIds)}
) WHERE deleted = 0`;
}

/** Each projection's checkpoint (rows only move forward: the max is the current one). */
export function checkpointsSql(): string {
  return `SELECT projection_name, max(last_offset) AS last_offset, max(updated_at) AS updated_at
FROM projection_checkpoints GROUP BY projection_name ORDER BY projection_name`;
}
