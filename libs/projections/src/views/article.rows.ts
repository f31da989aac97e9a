import { PageState, must } from '@okapi/domain';
import { toClickHouseDateTime, toClickHouseHour } from '../clickhouse/clickhouse-time';
import { bit } from './revision.rows';

/** One row of `articles_current`: a live page (deleted = 0) or a tombstone for a key it left. */
export interface CurrentArticleRow {
  readonly wiki: string;
  readonly namespace: number;
  readonly name: string;
  readonly page_id: number;
  readonly revision_id: number;
  readonly date_modified: string;
  readonly date_created: string;
  readonly is_redirect: 0 | 1;
  readonly flag: string;
  readonly deleted: 0 | 1;
  /** Event offset; on a live row also its document's key in `article_documents` (wiki, page_id, version). */
  readonly version: number;
}

/** One row of `article_versions_hourly`. */
export interface HourlyArticleRow {
  readonly hour: string;
  readonly wiki: string;
  readonly namespace: number;
  readonly page_id: number;
  readonly name: string;
  readonly revision_id: number;
  readonly event_type: string;
  readonly date_modified: string;
  /** As in `articles_current`: the document is `article_documents` (wiki, page_id, version). */
  readonly version: number;
}

/**
 * One row of `article_documents`: the Article of the event at offset `version`, stored once for
 * every view row that names it.
 */
export interface ArticleDocumentRow {
  readonly wiki: string;
  readonly page_id: number;
  readonly version: number;
  readonly doc: string;
  /** The Article's `event.type`: what the view rows of a document not built again take (a rebuild). */
  readonly event_type: string;
}

/** A WME Article document as the mapper built it. */
export interface ArticleDocument {
  /** The Article JSON, stored and served verbatim. */
  readonly json: string;
  /** Its `event.type` (update, delete, move, visibility-change, create). */
  readonly eventType: string;
}

/** Where a page lives in `articles_current`: its dedup key. */
export interface PageKey {
  readonly wiki: string;
  readonly namespace: number;
  readonly name: string;
  readonly pageId: number;
}

/**
 * The key of a page that has a live current article; undefined when deleted, never seen, or a
 * redirect (WME: a page that became a redirect is no article, so its row is retired).
 */
export function liveKey(state: PageState): PageKey | undefined {
  if (!state.exists || state.deleted || !state.current || state.current.isRedirect) return undefined;
  return { wiki: state.wiki, namespace: state.namespace, name: state.title, pageId: state.pageId };
}

export function sameKey(a: PageKey, b: PageKey | undefined): boolean {
  return (
    b !== undefined && a.wiki === b.wiki && a.namespace === b.namespace && a.name === b.name && a.pageId === b.pageId
  );
}

export function tombstoneRow(key: PageKey, version: number): CurrentArticleRow {
  return {
    wiki: key.wiki,
    namespace: key.namespace,
    name: key.name,
    page_id: key.pageId,
    revision_id: 0,
    date_modified: toClickHouseDateTime(undefined),
    date_created: toClickHouseDateTime(undefined),
    is_redirect: 0,
    flag: '',
    deleted: 1,
    version,
  };
}

export function liveRow(key: PageKey, state: PageState, version: number): CurrentArticleRow {
  const current = must(state.current, 'a live page has a current revision');
  return {
    wiki: key.wiki,
    namespace: key.namespace,
    name: key.name,
    page_id: key.pageId,
    revision_id: current.revisionId,
    date_modified: toClickHouseDateTime(current.timestamp),
    date_created: toClickHouseDateTime(state.createdAt ?? state.dateCreated),
    is_redirect: bit(current.isRedirect),
    flag: current.flag,
    deleted: 0,
    version,
  };
}

export function hourlyRow(
  timestamp: string,
  state: PageState,
  doc: ArticleDocument,
  version: number,
): HourlyArticleRow {
  return {
    hour: toClickHouseHour(timestamp),
    wiki: state.wiki,
    namespace: state.namespace,
    page_id: state.pageId,
    name: state.title,
    revision_id: state.current?.revisionId ?? 0,
    event_type: doc.eventType,
    date_modified: toClickHouseDateTime(timestamp),
    version,
  };
}

/** The `article_documents` row of a step's document (a view row names it by wiki, page and version). */
export function documentRow(state: PageState, doc: ArticleDocument, version: number): ArticleDocumentRow {
  return { wiki: state.wiki, page_id: state.pageId, version, doc: doc.json, event_type: doc.eventType };
}
