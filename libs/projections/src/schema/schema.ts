/**
 * The ClickHouse schema: numbered `.sql` files in ./migrations, applied in name order by the
 * adapter (libs/adapters/src/clickhouse/migrations.ts). The same files run on chDB 26.x and on
 * ClickHouse 18.16: no DateTime64, Map, JSON type, TTL, window functions or CTEs.
 */
export const MIGRATIONS_DIR = `${__dirname}/migrations`;

export const TABLES = {
  checkpoints: 'projection_checkpoints',
  migrations: 'schema_migrations',
  revisions: 'revisions',
  articlesCurrent: 'articles_current',
  articleVersionsHourly: 'article_versions_hourly',
  /** The Article documents both article views reference by (wiki, page_id, version): each stored once. */
  articleDocuments: 'article_documents',
} as const;

/** The projections one runner maintains; each has a checkpoint row named after its table. */
export const PROJECTIONS = [TABLES.revisions, TABLES.articlesCurrent, TABLES.articleVersionsHourly] as const;
export type ProjectionName = (typeof PROJECTIONS)[number];

/** Tables `--rebuild` drops (views and their bookkeeping); the event store is never touched. */
export const REBUILT_TABLES = [...PROJECTIONS, TABLES.articleDocuments, TABLES.checkpoints, TABLES.migrations] as const;
