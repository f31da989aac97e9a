/** Front door of adapters/clickhouse: import it as `@okapi/adapters/clickhouse`. */
export * from './analytics';
export * from './clickhouse-projection-runner';
export * from './clickhouse-view-store';
export * from './json-each-row';
export * from './clickhouse.errors';
export * from './internal-sql.client';
export * from './open-analytics';
export * from './server-engine';
