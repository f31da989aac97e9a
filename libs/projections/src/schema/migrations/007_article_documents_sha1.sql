-- Each Article document's SHA-1 (hex, of its UTF-8 bytes): `okapi project --rebuild` keeps
-- article_documents, regenerates every document from the events and writes only those whose bytes
-- differ from the stored ones (clickhouse/document-reuse.ts). Rows stored before have '' and are
-- written again. ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS: the okapi:unless-column guard
-- (migrations.ts) runs the statement only while the column is missing.
-- okapi:unless-column article_documents.doc_sha1
ALTER TABLE article_documents ADD COLUMN doc_sha1 String;
