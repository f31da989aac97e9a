-- The latest version of each changed page per hour (what hourly batches are cut from). Pages
-- deleted in that hour carry a delete document (event_type = 'delete'). Read with FINAL.
CREATE TABLE IF NOT EXISTS article_versions_hourly
(
    hour           DateTime('UTC'),
    wiki           String,
    namespace      Int32,
    page_id        UInt64,
    name           String,
    revision_id    UInt64,
    event_type     String,
    date_modified  DateTime('UTC'),
    doc            String,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (hour, wiki, namespace, page_id);
