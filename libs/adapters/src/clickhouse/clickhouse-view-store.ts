import { RecordedEvent } from '@okapi/domain';
import { CheckpointRow, RevisionRow, sqlLiteral, TABLES, ViewRows, ViewStore } from '@okapi/projections';
import { isDataRejection } from '../dead-letters/dead-letter.store';
import { Analytics, InsertOptions } from './analytics';
import { dropViews, migrate } from './migrations';
import { preloadRevisionRows } from './revision-preload';

/** Documents per DELETE statement: keeps its text far below max_query_size (256 KiB on 18.16). */
const ORPHANS_PER_DELETE = 2000;

/** `article_documents` rows: `doc` is an Article's JSON text, sent unescaped where the engine can. */
const DOCUMENT_ROWS: InsertOptions = { objectColumns: ['doc'] };

/** The views' write side on either ClickHouse engine (the projector's ViewStore port). */
export class ClickHouseViewStore implements ViewStore {
  constructor(private readonly analytics: Analytics) {}

  async migrate(): Promise<void> {
    await migrate(this.analytics);
  }

  dropViews(): Promise<void> {
    return dropViews(this.analytics);
  }

  async checkpoints(): Promise<Map<string, number>> {
    const rows = await this.analytics.query<{ projection_name: string; last: number | string }>(
      `SELECT projection_name, max(last_offset) AS last FROM ${TABLES.checkpoints} GROUP BY projection_name`,
    );
    return new Map(rows.map((r) => [r.projection_name, Number(r.last)]));
  }

  async writeRows(rows: ViewRows): Promise<void> {
    await this.analytics.insertJsonEachRow(TABLES.articleDocuments, rows.documents, DOCUMENT_ROWS);
    await this.analytics.insertJsonEachRow(TABLES.revisions, rows.revisions);
    await this.analytics.insertJsonEachRow(TABLES.articlesCurrent, rows.current);
    await this.analytics.insertJsonEachRow(TABLES.articleVersionsHourly, rows.hourly);
  }

  writeCheckpoints(rows: readonly CheckpointRow[]): Promise<void> {
    return this.analytics.insertJsonEachRow(TABLES.checkpoints, rows);
  }

  /**
   * The orphans are listed first, then deleted by key: a mutation (ALTER TABLE ... DELETE, the
   * only DELETE ClickHouse 18.16 has) that names literal keys is deterministic on both engines and
   * none is queued when there is nothing to delete. It runs in the background: the rows go once
   * the engine has rewritten the parts that hold them.
   */
  async deleteOrphanDocuments(upTo: number): Promise<number> {
    const keys = await this.analytics.query<{ wiki: string; page_id: number; version: number }>(
      `SELECT wiki, page_id, version FROM ${TABLES.articleDocuments} WHERE version <= ${sqlLiteral(upTo)}
         AND (wiki, page_id, version) NOT IN
           (SELECT wiki, page_id, version FROM ${TABLES.articlesCurrent} FINAL WHERE deleted = 0)
         AND (wiki, page_id, version) NOT IN
           (SELECT wiki, page_id, version FROM ${TABLES.articleVersionsHourly} FINAL)`,
    );
    const tuples = [...new Set(keys.map((k) => `(${sqlLiteral(k.wiki)}, ${k.page_id}, ${k.version})`))];
    for (let i = 0; i < tuples.length; i += ORPHANS_PER_DELETE)
      await this.analytics.exec(
        `ALTER TABLE ${TABLES.articleDocuments} DELETE WHERE (wiki, page_id, version) IN (${tuples.slice(i, i + ORPHANS_PER_DELETE).join(', ')})`,
      );
    return tuples.length;
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
