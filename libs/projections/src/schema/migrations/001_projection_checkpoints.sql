-- Where each projection has got to in the event store. Rows only ever move forward, so the current
-- checkpoint is max(last_offset); ReplacingMergeTree keeps the table small after merges.
CREATE TABLE IF NOT EXISTS projection_checkpoints
(
    projection_name String,
    last_offset  UInt64,
    updated_at   DateTime('UTC')
)
ENGINE = ReplacingMergeTree(last_offset)
ORDER BY projection_name;
