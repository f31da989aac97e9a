import { RecordedEvent } from '@okapi/domain';
import {
  CheckpointRow,
  RevisionRow,
  sqlLiteral,
  StoredDocuments,
  TABLES,
  ViewRows,
  ViewStore,
} from '@okapi/projections';
import { isDataRejection } from '../dead-letters/dead-letter.store';
import { Analytics, InsertOptions } from './analytics';
import { deleteDocuments, DocumentKey, documentKey, DocumentReuse } from './document-reuse';
import { dropViews, migrate } from './migrations';
import { preloadRevisionRows } from './revision-preload';

/** `article_documents` rows: `doc` is an Article's JSON text, sent unescaped where the engine can. */
const DOCUMENT_ROWS: InsertOptions = { objectColumns: ['doc'] };

/** The views' write side on either ClickHouse engine (the projector's ViewStore port). */
export class ClickHouseViewStore implements ViewStore {
  /** Skips the documents already stored with the same bytes (a replay, a rebuild). */
  private readonly documents: DocumentReuse;

  constructor(private readonly analytics: Analytics) {
    this.documents = new DocumentReuse(analytics);
  }

  async migrate(): Promise<void> {
    await migrate(this.analytics);
    this.documents.reset();
  }

  /** Drops the views, not `article_documents`: the rebuild writes only the documents whose bytes changed. */
  async dropViews(): Promise<void> {
    await dropViews(this.analytics);
    this.documents.reset();
  }

  async checkpoints(): Promise<Map<string, number>> {
    const rows = await this.analytics.query<{ projection_name: string; last: number | string }>(
      `SELECT projection_name, max(last_offset) AS last FROM ${TABLES.checkpoints} GROUP BY projection_name`,
    );
    return new Map(rows.map((r) => [r.projection_name, Number(r.last)]));
  }

  storedDocuments(keys: readonly DocumentKey[]): Promise<StoredDocuments> {
    return this.documents.stored(keys);
  }

  async writeRows(rows: ViewRows, stored: StoredDocuments): Promise<void> {
    const documents = await this.documents.toWrite(rows.documents, stored);
    await this.analytics.insertJsonEachRow(TABLES.articleDocuments, documents, DOCUMENT_ROWS);
    await this.analytics.insertJsonEachRow(TABLES.revisions, rows.revisions);
    await this.analytics.insertJsonEachRow(TABLES.articlesCurrent, rows.current);
    await this.analytics.insertJsonEachRow(TABLES.articleVersionsHourly, rows.hourly);
  }

  writeCheckpoints(rows: readonly CheckpointRow[]): Promise<void> {
    return this.analytics.insertJsonEachRow(TABLES.checkpoints, rows);
  }

  /**
   * The orphans are listed first, then deleted by key (deleteDocuments): a mutation that names
   * literal keys is deterministic on both engines and none is queued when there is nothing to
   * delete. It runs in the background: the rows go once the engine has rewritten their parts.
   */
  async deleteOrphanDocuments(upTo: number): Promise<number> {
    const keys = await this.analytics.query<DocumentKey>(
      `SELECT wiki, page_id, version FROM ${TABLES.articleDocuments} WHERE version <= ${sqlLiteral(upTo)}
         AND (wiki, page_id, version) NOT IN
           (SELECT wiki, page_id, version FROM ${TABLES.articlesCurrent} FINAL WHERE deleted = 0)
         AND (wiki, page_id, version) NOT IN
           (SELECT wiki, page_id, version FROM ${TABLES.articleVersionsHourly} FINAL)`,
    );
    const unique = [...new Map(keys.map((k) => [documentKey(k), k])).values()];
    await deleteDocuments(this.analytics, unique);
    return unique.length;
  }

  revisionRowsFor(
    events: readonly RecordedEvent[],
    known?: ReadonlyMap<string, RevisionRow>,
  ): Promise<ReadonlyMap<string, RevisionRow>> {
    return preloadRevisionRows(this.analytics, events, known);
  }

  invalidateNames(names: ReadonlySet<string>): void {
    this.analytics.readModel.invalidateNames(names);
  }

  /** ClickHouse refused the rows themselves (a value that does not parse or fit) and still answers. */
  async blamesData(error: unknown): Promise<boolean> {
    if (!isDataRejection(error)) return false;
    try {
      await this.analytics.query('SELECT 1 AS ok');
      return true;
    } catch {
      return false;
    }
  }
}
