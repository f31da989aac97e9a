/**
 * Saved example queries: the ones docs/sql-analytics.md documents, verbatim (a unit test keeps them
 * equal, and sql-analytics-docs.int-spec.ts runs each on chDB and on a ClickHouse server).
 */
export const SQL_EXAMPLES: readonly { title: string; sql: string }[] = [
  {
    title: 'Edits per wiki per hour',
    sql: `SELECT wiki, toStartOfHour(timestamp) AS hour, count() AS edits
FROM revisions FINAL
GROUP BY wiki, hour
ORDER BY hour DESC, wiki
LIMIT 48`,
  },
  {
    title: 'Most edited pages, with their latest title and number of distinct editors',
    sql: `SELECT wiki, page_id, argMax(title, timestamp_ms) AS title, count() AS edits, uniqExact(editor_name) AS editors
FROM revisions FINAL
GROUP BY wiki, page_id
ORDER BY edits DESC, page_id
LIMIT 10`,
  },
  {
    title: 'Share of flagged (suspect) edits by editor type',
    sql: `SELECT multiIf(editor_is_bot = 1, 'bot', editor_is_anonymous = 1, 'anonymous', 'registered') AS editor_type,
       count() AS edits,
       countIf(flag = 'suspect') AS flagged,
       round(countIf(flag = 'suspect') / count(), 4) AS flagged_share
FROM revisions FINAL
GROUP BY editor_type
ORDER BY edits DESC`,
  },
  {
    title: 'Reverts and time to revert, per wiki',
    sql: `SELECT wiki,
       count() AS reverted_edits,
       uniqExact(reverted_by) AS reverts,
       quantileExact(0.5)(reverted_at - timestamp) AS median_seconds_to_revert,
       max(reverted_at - timestamp) AS max_seconds_to_revert
FROM revisions FINAL
WHERE reverted = 1
GROUP BY wiki
ORDER BY reverted_edits DESC`,
  },
  {
    title: 'The most recent reverts, with who was reverted and how fast',
    sql: `SELECT wiki, title, revision_id, editor_name, reverted_by, reverted_at - timestamp AS seconds_to_revert
FROM revisions FINAL
WHERE reverted = 1
ORDER BY reverted_at DESC
LIMIT 20`,
  },
  {
    title: 'Live pages per wiki and namespace (what snapshots contain)',
    sql: `SELECT wiki, namespace, count() AS pages, max(date_modified) AS last_modified
FROM (SELECT wiki, namespace, deleted, date_modified FROM articles_current FINAL)
WHERE deleted = 0
GROUP BY wiki, namespace
ORDER BY pages DESC`,
  },
  {
    title: 'The current Article named Pear, one field pulled from its document',
    sql: `SELECT wiki, page_id, version, visitParamExtractString(doc, 'url') AS url
FROM article_documents
WHERE (wiki, page_id, version) IN
  (SELECT wiki, page_id, version FROM (SELECT * FROM articles_current FINAL WHERE name = 'Pear') WHERE deleted = 0)
LIMIT 1 BY wiki, page_id, version`,
  },
  {
    title: 'Changed pages per hour, deletes counted apart (what hourly batches contain)',
    sql: `SELECT hour, wiki, count() AS pages, countIf(event_type = 'delete') AS deletes
FROM article_versions_hourly FINAL
GROUP BY hour, wiki
ORDER BY hour DESC, wiki
LIMIT 24`,
  },
  {
    title: 'Projection checkpoints',
    sql: `SELECT projection_name, max(last_offset) AS last_offset, max(updated_at) AS updated_at
FROM projection_checkpoints
GROUP BY projection_name
ORDER BY projection_name`,
  },
];

/** One line per documented table, shown in the schema sidebar. */
export const TABLE_NOTES: Readonly<Record<string, string>> = {
  revisions: 'Every revision: metadata, score, flag, revert status. Read with FINAL.',
  articles_current:
    'One row per live page; its Article in article_documents by (wiki, page_id, version). FINAL, deleted = 0.',
  article_versions_hourly: 'Latest version of each changed page per hour (hourly batches); Article as above.',
  article_documents: 'The WME Article JSON in `doc`, stored once, by (wiki, page_id, version).',
  projection_checkpoints: 'Where each projection is in the event log.',
};
