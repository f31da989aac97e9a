import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import { sqlIdent } from '@okapi/projections';
import { ClickHouseEngine, InsertOptions } from './analytics';
import { ChdbReadOnlySession } from './chdb-read-only';
import { AnalyticsLockedError, analyticsQueryError } from './clickhouse.errors';
import { encodeJsonEachRow, parseJsonEachRow } from './json-each-row';

/** Insert buffers kept for the next inserts, and the largest kept: a rebuild reuses them batch after batch. */
const SPARE_BUFFERS = 2;
const SPARE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Embedded ClickHouse (chDB 26.x) on one data directory. Only one process may hold a directory
 * (a second fails at once with a lock error, surfaced as AnalyticsLockedError) and a process holds
 * one directory at a time. Every call uses the async API so queries run off the event loop.
 */
export class ChdbEngine implements ClickHouseEngine {
  readonly kind = 'chdb' as const;
  private session: Session | undefined;
  private readOnly: Promise<ChdbReadOnlySession> | undefined;
  /** Encoded payloads' buffers, free again once their insert returned (the engine reads them until then). */
  private readonly spare: Buffer[] = [];

  private constructor(
    readonly path: string,
    session: Session,
  ) {
    this.session = session;
  }

  static open(path: string): ChdbEngine {
    mkdirSync(path, { recursive: true });
    try {
      return new ChdbEngine(path, new Session(path));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (
        (e as { code?: string }).code === 'CHDB_CONNECTION' ||
        /lock|Cannot create connection|Failed to create connection/i.test(message)
      ) {
        throw new AnalyticsLockedError(path, message.split('\n')[0]);
      }
      throw e;
    }
  }

  private get live(): Session {
    if (!this.session) throw new Error(`chDB session on ${this.path} is closed`);
    return this.session;
  }

  async query<T>(sql: string): Promise<T[]> {
    return parseJsonEachRow<T>(await this.text(sql));
  }

  async exec(sql: string): Promise<void> {
    await this.text(sql);
  }

  async insertJsonEachRow(table: string, rows: readonly object[] | string, options?: InsertOptions): Promise<void> {
    if (rows.length === 0) return;
    // chDB reads a JSON object into a String column verbatim (input_format_json_read_objects_as_strings).
    const payload =
      typeof rows === 'string' ? Buffer.from(rows) : encodeJsonEachRow(rows, options?.objectColumns, this.spare.pop());
    try {
      await this.live.insert({ table: sqlIdent(table), values: payload, format: 'JSONEachRow' });
    } catch (e) {
      throw analyticsQueryError(e, `INSERT INTO ${table}`);
    } finally {
      const whole = payload.buffer;
      if (typeof rows !== 'string' && this.spare.length < SPARE_BUFFERS && whole.byteLength <= SPARE_MAX_BYTES)
        this.spare.push(Buffer.from(whole, 0, whole.byteLength));
    }
  }

  /** User SQL, in a session of its own that the engine holds to read-only (chdb-read-only.ts). */
  async queryReadOnly(sql: string): Promise<string> {
    if (!this.session) throw new Error(`chDB session on ${this.path} is closed`);
    this.readOnly ??= ChdbReadOnlySession.open(this.path);
    this.readOnly.catch(() => (this.readOnly = undefined));
    return (await this.readOnly).query(sql);
  }

  private async text(sql: string, errorStatus = 500): Promise<string> {
    try {
      return (await this.live.queryAsync(sql, { format: 'JSONEachRow' })).text();
    } catch (e) {
      throw analyticsQueryError(e, sql, errorStatus);
    }
  }

  async close(): Promise<void> {
    const readOnly = this.readOnly;
    this.readOnly = undefined;
    if (readOnly) (await readOnly.catch(() => undefined))?.close();
    this.session?.close();
    this.session = undefined;
  }
}
