import { join } from 'node:path';
import { CONFIG_DEFAULTS, OkapiConfig } from '../config/env-config';
import { Analytics, AnalyticsReadModel, ClickHouseEngine } from './analytics';
import { ChdbEngine } from './chdb-engine';
import { ClickHouseReadModel } from './clickhouse-read-model';
import { LookupCache } from './lookup-cache';
import { migrate } from './migrations';
import { parseServerUrl, ReadOnlyCredentials, ServerEngine } from './server-engine';

export interface AnalyticsOptions {
  /** OKAPI_CLICKHOUSE_URL; unset: chDB under `chdbPath`. */
  readonly serverUrl?: string;
  /** Server database, overriding the URL's path (tests use random names). */
  readonly database?: string;
  readonly chdbPath: string;
  /** The server user for user SQL (OKAPI_CLICKHOUSE_READONLY_USER / _PASSWORD). */
  readonly readOnly?: ReadOnlyCredentials;
  readonly cacheBytes?: number;
  readonly cacheTtlMs?: number;
  /** Apply migrations on open (default true). */
  readonly migrate?: boolean;
}

export function analyticsOptions(config: OkapiConfig): AnalyticsOptions {
  return {
    serverUrl: config.clickhouseUrl,
    readOnly: { username: config.clickhouseReadOnlyUser, password: config.clickhouseReadOnlyPassword },
    chdbPath: join(config.dataDir, 'chdb'),
    cacheBytes: config.readModelCacheMb * 1024 * 1024,
  };
}

/** Opens the engine the configuration names, migrates it, and wraps it with the read model. */
export async function openAnalytics(options: AnalyticsOptions): Promise<Analytics> {
  const engine: ClickHouseEngine = options.serverUrl
    ? await ServerEngine.open(parseServerUrl(options.serverUrl, options.database, options.readOnly))
    : ChdbEngine.open(options.chdbPath);
  try {
    if (options.migrate !== false) await migrate(engine);
  } catch (e) {
    await engine.close();
    throw e;
  }
  const cache = new LookupCache({
    maxBytes: options.cacheBytes ?? CONFIG_DEFAULTS.readModelCacheMb * 1024 * 1024,
    ttlMs: options.cacheTtlMs ?? 5000,
  });
  return withReadModel(engine, new ClickHouseReadModel(engine, cache));
}

function withReadModel(engine: ClickHouseEngine, readModel: AnalyticsReadModel): Analytics {
  return {
    kind: engine.kind,
    readModel,
    query: (sql) => engine.query(sql),
    exec: (sql) => engine.exec(sql),
    insertJsonEachRow: (table, rows, options) => engine.insertJsonEachRow(table, rows, options),
    queryReadOnly: (sql) => engine.queryReadOnly(sql),
    close: () => engine.close(),
  };
}
