import { ReadOnlySqlError } from '@okapi/projections';
import { OkapiError } from '../errors/okapi-error';
import { analyticsQueryError } from './clickhouse.errors';

/**
 * Engine refusals that mean "not read-only", whatever the engine: READONLY (164), ACCESS_DENIED
 * (497), INTO OUTFILE not allowed (358), and the parser's multi-statement refusal. They all become
 * `analytics.read_only` (400); any other engine error is `analytics.query_failed` (400).
 */
const READ_ONLY_REFUSAL = /\bCode: (164|497|358)\b|Multi-statements are not allowed/;
/** The server does not know the read-only user (or its password): a deployment fault, not the caller's. */
const NO_READ_ONLY_USER = /\bCode: (192|193|516)\b/;

export function readOnlyQueryError(e: unknown, sql: string): OkapiError {
  if (e instanceof OkapiError) return e;
  if (e instanceof ReadOnlySqlError) return new OkapiError('analytics.read_only', 400, e.message);
  const failed = analyticsQueryError(e, sql, 400);
  const raw = e instanceof Error ? e.message : String(e);
  if (NO_READ_ONLY_USER.test(raw))
    return new OkapiError(
      'analytics.read_only_user',
      503,
      `the ClickHouse server refused the read-only user (${failed.message}); create it (scripts/clickhouse-server.sh, deploy/k8s) or set OKAPI_CLICKHOUSE_READONLY_USER / _PASSWORD`,
    );
  return READ_ONLY_REFUSAL.test(raw)
    ? new OkapiError('analytics.read_only', 400, failed.message, failed.details)
    : failed;
}
