-- A revision's size is unknown when MediaWiki hid its text and the source gave no byte count
-- (`<text deleted="deleted"/>` without `bytes`, or `bytes="-1"`): NULL, never -1 or an invented 0.
-- `delta` is NULL unless both this size and the previous revision's are known. Idempotent: a
-- column already Nullable is left as it is.
ALTER TABLE revisions MODIFY COLUMN size Nullable(UInt64);
ALTER TABLE revisions MODIFY COLUMN delta Nullable(Int64);
