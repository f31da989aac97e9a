import { CurrentArticleQuery, HourlyVersion, ReadModel } from '@okapi/projections';
import { ClickHouseEngine } from '../clickhouse/analytics';
import { ClickHouseReadModel } from '../clickhouse/clickhouse-read-model';
import { AnalyticsLockedError } from '../clickhouse/clickhouse.errors';
import { postInternalSql } from '../clickhouse/internal-sql.client';
import { LookupCache } from '../clickhouse/lookup-cache';
import { Runtime } from '../runtime/runtime';
import { liveServerAddress, loopbackPort } from '../runtime/server-address';

/**
 * The read model for `okapi snapshot` / `okapi batch`. It uses the runtime's own views; when a
 * running `okapi start` holds the chDB directory (one process per directory), the same read-only
 * SQL goes to that process's loopback `POST /internal/sql` (as `okapi sql` does), so the bulk
 * commands work next to a running server.
 */
export function cliReadModel(runtime: Runtime): ReadModel {
  let chosen: Promise<ReadModel> | undefined;
  const pick = (): Promise<ReadModel> =>
    (chosen ??= (async () => {
      const local = runtime.analytics.readModel;
      // A live server on this data directory holds chDB: go to it without a failing open.
      const server = runtime.config.clickhouseUrl ? undefined : liveServerAddress(runtime.config.dataDir);
      if (server) return loopbackReadModel({ port: server.port, dataDir: runtime.config.dataDir });
      try {
        await local.listHour('1970-01-01T00:00:00Z'); // cheap probe that opens the engine
        return local;
      } catch (e) {
        if (e instanceof AnalyticsLockedError)
          return loopbackReadModel({ port: loopbackPort(runtime.config), dataDir: runtime.config.dataDir });
        throw e;
      }
    })());
  return {
    findCurrentByName: async (q: CurrentArticleQuery) => (await pick()).findCurrentByName(q),
    streamCurrent: (wiki, ns) => deferred(async () => (await pick()).streamCurrent(wiki, ns)),
    listWikiNamespaces: async () => (await pick()).listWikiNamespaces(),
    streamHour: (hour, wiki, ns) => deferred<HourlyVersion>(async () => (await pick()).streamHour(hour, wiki, ns)),
    listHour: async (hour) => (await pick()).listHour(hour),
  };
}

/** The views of the process listening on 127.0.0.1:`port`, through its /internal/sql endpoint. */
export function loopbackReadModel(server: { readonly port: number; readonly dataDir: string }): ReadModel {
  const readOnly = (): Promise<never> => Promise.reject(new Error('the loopback read model is read-only'));
  const engine: ClickHouseEngine = {
    kind: 'chdb',
    query: async <T>(sql: string) => parseRows<T>(await postInternalSql(server, sql)),
    exec: readOnly,
    insertJsonEachRow: readOnly,
    queryReadOnly: (sql) => postInternalSql(server, sql),
    close: () => Promise.resolve(),
  };
  return new ClickHouseReadModel(engine, new LookupCache({ maxBytes: 0, ttlMs: 0 }));
}

function parseRows<T>(ndjson: string): T[] {
  return ndjson
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

async function* deferred<T>(open: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  yield* await open();
}
