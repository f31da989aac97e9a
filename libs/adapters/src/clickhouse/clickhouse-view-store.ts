import { RecordedEvent } from '@okapi/domain';
import { CheckpointRow, RevisionRow, TABLES, ViewRows, ViewStore } from '@okapi/projections';
import { isDataRejection } from '../dead-letters/dead-letter.store';
import { Analytics, InsertOptions } from './analytics';
import { dropViews, migrate } from './migrations';
import { preloadRevisionRows } from './revision-preload';

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
    const rows = await this.analytics.query<{ projection_name: string; last: number }>(
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
