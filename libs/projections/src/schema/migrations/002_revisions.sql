-- Every revision's metadata for analytics. Rewritten (with a higher version) when a revert or a
-- visibility change touches it: read with FINAL or argMax(..., version).
CREATE TABLE IF NOT EXISTS revisions
(
    wiki                 String,
    namespace            Int32,
    page_id              UInt64,
    title                String,
    revision_id          UInt64,
    parent_id            UInt64,
    timestamp            DateTime('UTC'),
    timestamp_ms         UInt64,
    editor_id            UInt64,
    editor_name          String,
    editor_is_anonymous  UInt8,
    editor_is_bot        UInt8,
    editor_groups        Array(String),
    editor_edit_count    UInt64,
    comment              String,
    minor                UInt8,
    tags                 Array(String),
    sha1                 String,
    size                 UInt64,
    delta                Int64,
    is_latest            UInt8,
    score                Float64,
    score_model          String,
    score_reasons        Array(String),
    flag                 String,
    text_visible         UInt8,
    editor_visible       UInt8,
    comment_visible      UInt8,
    reverted             UInt8,
    reverted_by          UInt64,
    reverted_at          DateTime('UTC'),
    reverting            UInt8,
    restored_revision_id UInt64,
    source               String,
    received_at          DateTime('UTC'),
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (wiki, page_id, revision_id);
