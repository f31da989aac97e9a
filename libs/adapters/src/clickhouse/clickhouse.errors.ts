import { OkapiError } from '../errors/okapi-error';

/** The chDB data directory is held by another process (`okapi start`): ask that process instead. */
export class AnalyticsLockedError extends OkapiError {
  constructor(
    readonly path: string,
    cause: string,
  ) {
    super('analytics.locked', 503, `chDB data directory ${path} is in use by another process (${cause})`);
  }
}

/** A query the engine refused; the message is ClickHouse's, the SQL is kept for logs. */
export function analyticsQueryError(e: unknown, sql: string, status = 500): OkapiError {
  const raw = e instanceof Error ? e.message : String(e);
  // Both engines prefix their text differently; keep the first line, which names the problem.
  const message = raw
    .split('\n')[0]
    .replace(/,? e\.what\(\) = DB::Exception$/, '')
    .slice(0, 2000);
  return new OkapiError('analytics.query_failed', status, message, { sql: sql.slice(0, 500) });
}
