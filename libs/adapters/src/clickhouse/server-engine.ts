import { ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { sqlIdent } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';
import { analyticsQueryError, readOnlyStatement } from './clickhouse.errors';
import { parseJsonEachRow } from './json-each-row';

// 18.16 quotes UInt64 in JSON by default; chDB does not. Ask for numbers so both answer alike.
const SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

export interface ServerTarget {
  /** http(s)://user:pass@host:port with no path. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

/** Splits OKAPI_CLICKHOUSE_URL: `http://user:pass@host:8123/db` (database default: `default`). */
export function parseServerUrl(raw: string, database?: string): ServerTarget {
  const u = new URL(raw);
  const db = database ?? (decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, '')) || 'default');
  return {
    url: `${u.protocol}//${u.host}`,
    username: decodeURIComponent(u.username) || 'default',
    password: decodeURIComponent(u.password),
    database: sqlIdent(db),
  };
}

/** ClickHouse server over HTTP (@clickhouse/client); tested against Debian's 18.16. */
export class ServerEngine implements ClickHouseEngine {
  readonly kind = 'server' as const;

  private constructor(
    private readonly client: ClickHouseClient,
    readonly database: string,
  ) {}

  /** Connects and creates the database when missing. */
  static async open(target: ServerTarget): Promise<ServerEngine> {
    // Errors reach the caller as OkapiErrors; the client's own console logging would only duplicate them.
    const base = {
      url: target.url,
      username: target.username,
      password: target.password,
      clickhouse_settings: SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
    };
    const bootstrap = createClient({ ...base, database: 'default' });
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${target.database}` });
    } catch (e) {
      throw analyticsQueryError(e, `CREATE DATABASE ${target.database}`, 503);
    } finally {
      await bootstrap.close();
    }
    return new ServerEngine(createClient({ ...base, database: target.database }), target.database);
  }

  async query<T>(sql: string): Promise<T[]> {
    return parseJsonEachRow<T>(await this.text(sql, {}, 500));
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.client.command({ query: sql });
    } catch (e) {
      throw analyticsQueryError(e, sql);
    }
  }

  async insertJsonEachRow(table: string, rows: readonly object[] | string): Promise<void> {
    if (rows.length === 0) return;
    try {
      if (typeof rows === 'string') {
        // Text is sent as is: the client's insert() would JSON-encode each stream chunk again.
        await this.client.command({ query: `INSERT INTO ${sqlIdent(table)} FORMAT JSONEachRow\n${rows}` });
      } else {
        await this.client.insert({ table: sqlIdent(table), values: rows as object[], format: 'JSONEachRow' });
      }
    } catch (e) {
      throw analyticsQueryError(e, `INSERT INTO ${table}`);
    }
  }

  async queryReadOnly(sql: string): Promise<string> {
    return this.text(readOnlyStatement(sql).sql, { readonly: '1' }, 400);
  }

  private async text(sql: string, settings: Record<string, string>, errorStatus: number): Promise<string> {
    try {
      const rs = await this.client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: settings });
      return await rs.text();
    } catch (e) {
      throw analyticsQueryError(e, sql, errorStatus);
    }
  }

  /** Drops this engine's database (tests' random databases). */
  async dropDatabase(): Promise<void> {
    await this.exec(`DROP DATABASE IF EXISTS ${this.database}`);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
