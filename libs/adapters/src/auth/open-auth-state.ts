import { join } from 'node:path';
import { OkapiConfig } from '../config/env-config';
import { parseServerUrl } from '../clickhouse/server-engine';
import { sqliteEventStorePath } from '../eventstore/open-event-store';
import { AuthStateStore } from './auth-state';
import { SqliteAuthState } from './sqlite-auth-state';

/**
 * Where revocations and login attempts live, so that every replica shares them:
 * - embedded event store (no OKAPI_ESDB_URL): its SQLite file, which every process on the data
 *   directory opens;
 * - EventStoreDB with OKAPI_CLICKHOUSE_URL (the distributed mode): the ClickHouse server;
 * - EventStoreDB alone: `{dataDir}/auth/auth-state.sqlite3` (shared only by processes on that directory).
 */
export async function openAuthState(
  config: Pick<OkapiConfig, 'dataDir' | 'esdbUrl' | 'clickhouseUrl'>,
): Promise<AuthStateStore> {
  if (!config.esdbUrl) return new SqliteAuthState(sqliteEventStorePath(config));
  if (config.clickhouseUrl) {
    const { ClickHouseAuthState } = await import('./clickhouse-auth-state');
    return ClickHouseAuthState.open(parseServerUrl(config.clickhouseUrl));
  }
  return new SqliteAuthState(join(config.dataDir, 'auth', 'auth-state.sqlite3'));
}
