import { counter, histogram } from '../metrics/metrics-registry';

/** Prometheus metrics of bulk exports (served at /metrics by the process that builds). */
export const bulkMetrics = {
  files: counter('okapi_bulk_files_total', 'Bulk files published (snapshot, chunk, batch).', ['kind']),
  articles: counter('okapi_bulk_articles_total', 'Article lines written into snapshots and batches.', ['kind']),
  bytes: counter('okapi_bulk_compressed_bytes_total', 'Compressed bytes published.', ['kind']),
  seconds: histogram(
    'okapi_bulk_export_seconds',
    'Wall time of one snapshot or batch export.',
    ['kind'],
    [0.1, 0.5, 1, 5, 15, 60, 300, 1800, 7200],
  ),
};
