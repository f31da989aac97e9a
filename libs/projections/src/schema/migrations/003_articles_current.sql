-- One row per live page: the latest WME Article document plus lookup columns. Moves and deletes
-- write a tombstone (deleted = 1) for the old key. Read with FINAL ... WHERE deleted = 0.
-- The key starts with (wiki, namespace) for snapshots; `name` next serves lookups by title.
CREATE TABLE IF NOT EXISTS articles_current
(
    wiki           String,
    namespace      Int32,
    name           String,
    page_id        UInt64,
    revision_id    UInt64,
    date_modified  DateTime('UTC'),
    date_created   DateTime('UTC'),
    is_redirect    UInt8,
    flag           String,
    deleted        UInt8,
    doc            String,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (wiki, namespace, name, page_id);
