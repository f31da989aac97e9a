import type { RecordedEvent } from '@okapi/domain';
import type { CheckpointRow } from '../views/checkpoint';
import type { ArticleDocumentRow, CurrentArticleRow, HourlyArticleRow } from '../views/article.rows';
import type { RevisionRow } from '../views/revision.rows';

/**
 * One batch's rows, written in this order: `article_documents` (before the rows that name them: a
 * reader never meets a row whose document is not there yet), `revisions`, `articles_current`,
 * `article_versions_hourly`.
 */
export interface ViewRows {
  readonly revisions: readonly RevisionRow[];
  readonly current: readonly CurrentArticleRow[];
  readonly hourly: readonly HourlyArticleRow[];
  /** The Article documents `current` and `hourly` name, each once. */
  readonly documents: readonly ArticleDocumentRow[];
}

/** What names an `article_documents` row: the page, and the offset of the event it is the Article of. */
export type DocumentKeyOf = Pick<ArticleDocumentRow, 'wiki' | 'page_id' | 'version'>;

/** The documents a store holds under a batch's keys (ViewStore.storedDocuments). */
export interface StoredDocuments {
  /**
   * The `event.type` of the document stored under this key in the current document format
   * (DOCUMENT_FORMAT_VERSION): its bytes are what building it again would give. Else undefined.
   */
  currentFormat(key: DocumentKeyOf): string | undefined;
  /** True when the store holds this document under its key with the same bytes, in the current format. */
  holds(row: ArticleDocumentRow): boolean;
  /**
   * True when the store holds other bytes under this document's key (an older assembler's): they
   * go before the document is written.
   */
  replaces(row: ArticleDocumentRow): boolean;
}

/** A store holding none of the keys asked about: every document is built and written. */
export const NO_STORED_DOCUMENTS: StoredDocuments = {
  currentFormat: () => undefined,
  holds: () => false,
  replaces: () => false,
};

/**
 * Write side of the views, as the projector (ViewProjector) uses it. Implemented over either
 * ClickHouse engine by libs/adapters/src/clickhouse/clickhouse-view-store.ts.
 */
export interface ViewStore {
  /** Creates or upgrades the schema (idempotent). */
  migrate(): Promise<void>;
  /**
   * Drops every view and its checkpoints (the caller migrates again). Documents may be kept: a
   * document is the Article of one event, so the store may skip writing one whose bytes it holds.
   */
  dropViews(): Promise<void>;
  /** Stored checkpoints by projection name (absent: none). */
  checkpoints(): Promise<Map<string, number>>;
  /**
   * For the documents a batch is about to build, under these keys: what the store already holds
   * (a rebuild regenerates every document), so that the projector builds none it holds in the
   * current format and drops at once one it holds with the same bytes.
   */
  storedDocuments(keys: readonly DocumentKeyOf[]): Promise<StoredDocuments>;
  /**
   * Writes the rows. `stored` is what storedDocuments answered for the batch's keys (the projector
   * passes no document it holds with the same bytes): the store does not ask again, and deletes
   * what it held under a key with other bytes before writing the document.
   */
  writeRows(rows: ViewRows, stored: StoredDocuments): Promise<void>;
  writeCheckpoints(rows: readonly CheckpointRow[]): Promise<void>;
  /**
   * The stored `revisions` rows the batch's reverts and visibility changes will rewrite, by
   * revisionKey, except those the batch creates and those already `known`.
   */
  revisionRowsFor(
    events: readonly RecordedEvent[],
    known?: ReadonlyMap<string, RevisionRow>,
  ): Promise<ReadonlyMap<string, RevisionRow>>;
  /**
   * Deletes the documents at offsets <= `upTo` that no live `articles_current` row and no
   * `article_versions_hourly` row names any more (a page changed again within the hour in a later
   * batch); returns how many. Rows only ever move to newer offsets, so such a document is never
   * named again.
   */
  deleteOrphanDocuments(upTo: number): Promise<number>;
  /** Forgets cached lookups of these titles (their rows were just written). */
  invalidateNames(names: ReadonlySet<string>): void;
  /**
   * True when a failed write was the data's fault (the engine refused those rows and still
   * answers): the projector then isolates the rows it refuses. False: the engine's state, retried.
   */
  blamesData(error: unknown): Promise<boolean>;
}

/**
 * Where the projector sets aside what it cannot handle; implemented over the DeadLetterStore
 * (counted in okapi_dead_letters_total) by libs/adapters/src/clickhouse/clickhouse-projection-runner.ts.
 */
export interface ViewDeadLetters {
  /** An event the views cannot handle (consumer `views`), at `at` (RFC3339). */
  setAside(event: RecordedEvent, error: unknown, at: string): Promise<void>;
  /** An event whose document was written without its derived parts (consumer `derivation`). */
  derivationFailed(event: RecordedEvent, reason: string): Promise<void>;
  /** A retried letter landed: it leaves the store. */
  landed(offset: number): Promise<void>;
  /** A retried letter failed again: it stays, with one more attempt. */
  failedAgain(event: RecordedEvent, error: unknown): Promise<void>;
}
