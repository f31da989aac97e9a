import { ReadModel } from '@okapi/projections';

/**
 * One ClickHouse engine, embedded (chDB) or server (@clickhouse/client). Both speak the same SQL
 * (the 18.16 subset) and return the same JSON: UInt64 as numbers, DateTime as 'YYYY-MM-DD hh:mm:ss'.
 */
export interface ClickHouseEngine {
  readonly kind: 'chdb' | 'server';
  /** Rows of a SELECT (JSONEachRow, parsed). */
  query<T>(sql: string): Promise<T[]>;
  /** A statement without result (DDL, INSERT ... SELECT). */
  exec(sql: string): Promise<void>;
  /** Inserts rows (objects, or JSONEachRow text) into a table of the current database. */
  insertJsonEachRow(table: string, rows: readonly object[] | string, options?: InsertOptions): Promise<void>;
  /** Raw JSONEachRow text of a read-only query (for `okapi sql`), with `readonly = 1` enforced. */
  queryReadOnly(sql: string): Promise<string>;
  close(): Promise<void>;
}

export interface InsertOptions {
  /**
   * String columns of the row objects that hold JSON object text (Article documents): an engine
   * that can read an object into a String column verbatim is sent the object unescaped
   * (json-each-row.ts), the others a string literal as usual. The stored text is the same.
   */
  readonly objectColumns?: readonly string[];
}

/** `Runtime.analytics`: the engine plus the read model over the views. */
export interface Analytics extends ClickHouseEngine {
  readonly readModel: AnalyticsReadModel;
}

/** The read model with the hook the in-process projector uses to keep its lookup cache coherent. */
export interface AnalyticsReadModel extends ReadModel {
  /** Forgets cached lookups for these names (called after a batch touching them is written). */
  invalidateNames(names: Iterable<string>): void;
}
