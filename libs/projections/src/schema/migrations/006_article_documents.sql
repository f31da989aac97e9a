-- Article documents stored once, in article_documents, which both article views reference.
-- `articles_current` and `article_versions_hourly` name their document by (wiki, page_id, version)
-- instead of each holding a copy (a rebuild wrote every ~17 KB document twice). A document is the
-- Article of the event at offset `version`: immutable, so a replayed batch only writes identical
-- rows again (ReplacingMergeTree merges them away; readers take one). Small granules: a lookup
-- decompresses a few documents, not thousands.
CREATE TABLE IF NOT EXISTS article_documents
(
    wiki     String,
    page_id  UInt64,
    version  UInt64,
    doc      String
)
ENGINE = ReplacingMergeTree
ORDER BY (wiki, page_id, version)
SETTINGS index_granularity = 64;

-- A database of an older schema keeps its documents: copied here, then dropped from the views.
-- ClickHouse 18.16 has no DROP COLUMN IF EXISTS, so each statement below runs only while the column
-- is there (the okapi:if-column guard, migrations.ts): a crash half-way through resumes cleanly.
-- okapi:if-column article_versions_hourly.doc
INSERT INTO article_documents (wiki, page_id, version, doc)
SELECT wiki, page_id, version, doc FROM article_versions_hourly WHERE doc != '';

-- okapi:if-column articles_current.doc
INSERT INTO article_documents (wiki, page_id, version, doc)
SELECT wiki, page_id, version, doc FROM articles_current WHERE deleted = 0 AND doc != '';

-- okapi:if-column articles_current.doc
ALTER TABLE articles_current DROP COLUMN doc;

-- okapi:if-column article_versions_hourly.doc
ALTER TABLE article_versions_hourly DROP COLUMN doc;
