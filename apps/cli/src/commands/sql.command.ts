import { AnalyticsLockedError } from '@okapi/adapters/clickhouse';
import { postInternalSql } from '@okapi/adapters/clickhouse';
import { analyticsOptions, openAnalytics } from '@okapi/adapters/clickhouse';
import { OkapiError } from '@okapi/adapters/errors';
import { liveServerAddress, loopbackPort } from '@okapi/adapters/runtime';
import { UsageError } from '../cli-args';
import { CliCommand } from '../command';

/**
 * `okapi sql "SELECT ..."`: one read-only query (SELECT, WITH, SHOW, DESCRIBE, EXISTS), rows as
 * JSONEachRow on stdout. With OKAPI_CLICKHOUSE_URL it asks the server. Otherwise it opens the
 * chDB directory; when `okapi start` holds it (chDB allows one process per directory), the query
 * goes to that process's loopback endpoint `POST http://127.0.0.1:<port>/internal/sql`, the port
 * read from `$OKAPI_DATA_DIR/server.json` (else OKAPI_PORT).
 */
export const command: CliCommand = {
  name: 'sql',
  summary: 'run one read-only SQL query on the ClickHouse views; JSONEachRow on stdout',
  usage: 'sql "SELECT ..."',
  flags: [],
  async run(args, ctx) {
    const sql = args.positionals.join(' ').trim();
    if (!sql) throw new UsageError('give the query as an argument, e.g. okapi sql "SELECT count() FROM revisions"');
    try {
      ctx.io.stdout.write(await runQuery(sql, ctx.config));
      return 0;
    } catch (e) {
      if (e instanceof OkapiError) {
        ctx.io.stderr.write(`okapi sql: ${e.message} [${e.code}]\n`);
        return e.status < 500 ? 2 : 1;
      }
      throw e;
    }
  },
};

async function runQuery(sql: string, config: Parameters<typeof analyticsOptions>[0]): Promise<string> {
  // A live server on this data directory holds chDB: ask it without trying (chDB logs the lock failure).
  const server = config.clickhouseUrl ? undefined : liveServerAddress(config.dataDir);
  if (server) return postInternalSql({ port: server.port, dataDir: config.dataDir }, sql);
  let analytics;
  try {
    analytics = await openAnalytics({ ...analyticsOptions(config), cacheBytes: 0 });
  } catch (e) {
    if (e instanceof AnalyticsLockedError)
      return postInternalSql({ port: loopbackPort(config), dataDir: config.dataDir }, sql);
    throw e;
  }
  try {
    return await analytics.queryReadOnly(sql);
  } finally {
    await analytics.close();
  }
}
