-- Each Article document's format (DOCUMENT_FORMAT_VERSION and DERIVER_VERSION) and event type:
-- `okapi project --rebuild` does not build again a document stored in the current format (its
-- bytes are a function of the events and of that code), and takes its event type from here for the
-- view rows (clickhouse/document-reuse.ts). Rows stored before have '' and are built and compared
-- once. The okapi:unless-column guards run each statement only while its column is missing.
-- okapi:unless-column article_documents.doc_format
ALTER TABLE article_documents ADD COLUMN doc_format String;

-- okapi:unless-column article_documents.event_type
ALTER TABLE article_documents ADD COLUMN event_type String;
