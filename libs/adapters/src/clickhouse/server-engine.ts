import { ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { sqlIdent } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';
import { checkReadOnlySql } from '@okapi/projections';
import { analyticsQueryError } from './clickhouse.errors';
import { readOnlyQueryError } from './read-only-errors';
import { parseJsonEachRow } from './json-each-row';

// 18.16 quotes UInt64 in JSON by default; chDB does not. Ask for numbers so both answer alike.
const SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

export interface ServerTarget {
  /** http(s)://user:pass@host:port with no path. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** The user that runs user SQL: its profile must have readonly=1 (scripts/clickhouse-server.sh). */
  readonly readOnlyUsername: string;
  readonly readOnlyPassword: string;
}

export interface ReadOnlyCredentials {
  readonly username?: string;
  readonly password?: string;
}

/** Default read-only user, as scripts/clickhouse-server.sh and deploy/k8s create it. */
export const READ_ONLY_USER = 'okapi_readonly';

/** Splits OKAPI_CLICKHOUSE_URL: `http://user:pass@host:8123/db` (database default: `default`). */
export function parseServerUrl(raw: string, database?: string, readOnly: ReadOnlyCredentials = {}): ServerTarget {
  const u = new URL(raw);
  const db = database ?? (decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, '')) || 'default');
  return {
    url: `${u.protocol}//${u.host}`,
    username: decodeURIComponent(u.username) || 'default',
    password: decodeURIComponent(u.password),
    database: sqlIdent(db),
    readOnlyUsername: readOnly.username || READ_ONLY_USER,
    readOnlyPassword: readOnly.password ?? '',
  };
}

/** ClickHouse server over HTTP (@clickhouse/client); tested against Debian's 18.16. */
export class ServerEngine implements ClickHouseEngine {
  readonly kind = 'server' as const;

  private constructor(
    private readonly client: ClickHouseClient,
    private readonly readOnlyClient: ClickHouseClient,
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
    // No settings on the read-only client: readonly=1 refuses any a request sends; its profile has them.
    const readOnly = createClient({
      url: target.url,
      username: target.readOnlyUsername,
      password: target.readOnlyPassword,
      database: target.database,
      log: { level: ClickHouseLogLevel.OFF },
    });
    return new ServerEngine(createClient({ ...base, database: target.database }), readOnly, target.database);
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

  /** Object columns (InsertOptions) go as string literals: 18.16 cannot read an object into a String. */
  async insertJsonEachRow(table: string, rows: readonly object[] | string): Promise<void> {
    if (rows.length === 0) return;
    try {
      if (typeof rows === 'string') {
        // Text is sent as is: the client's insert() would JSON-encode each stream chunk again.
        await this.client.command({ query: `INSERT INTO ${sqlIdent(table)} FORMAT JSONEachRow\n${rows}` });
      } else {
        await this.client.insert({ table: sqlIdent(table), values: rows, format: 'JSONEachRow' });
      }
    } catch (e) {
      throw analyticsQueryError(e, `INSERT INTO ${table}`);
    }
  }

  /**
   * User SQL as the read-only user: its profile's readonly=1 refuses writes, DDL, SET/SETTINGS,
   * SYSTEM and every table function; the HTTP interface refuses several statements and INTO
   * OUTFILE. The first keyword is checked because 18.16 still runs KILL QUERY in readonly mode.
   */
  async queryReadOnly(sql: string): Promise<string> {
    try {
      const rs = await this.readOnlyClient.query({ query: checkReadOnlySql(sql), format: 'JSONEachRow' });
      return await rs.text();
    } catch (e) {
      throw readOnlyQueryError(e, sql);
    }
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
    await this.readOnlyClient.close();
    await this.client.close();
  }
}
