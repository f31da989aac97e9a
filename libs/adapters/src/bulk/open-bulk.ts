import { ReadModel } from '@okapi/projections';
import { OkapiConfig } from '../config/env-config';
import { Runtime } from '../runtime/runtime';
import { BulkFileStore } from '../storage/bulk-file-store';
import { BulkExporter } from './bulk-exporter';
import { GzipPool } from './gzip-pool';

export interface BulkKit {
  readonly store: BulkFileStore;
  readonly exporter: BulkExporter;
  close(): Promise<void>;
}

/** The store, a gzip pool (OKAPI_BULK_WORKERS threads at OKAPI_BULK_GZIP_LEVEL) and an exporter, for a CLI run or the scheduler. */
export async function openBulk(
  config: OkapiConfig,
  root = config.dataDir,
  workers = config.bulkWorkers,
): Promise<BulkKit> {
  const store = new BulkFileStore(root);
  await store.init();
  const pool = new GzipPool(workers, config.bulkGzipLevel);
  const exporter = new BulkExporter({
    store,
    pool,
    entryBytes: config.snapshotEntryBytes,
    chunks: config.snapshotChunks,
    chunkBytes: config.snapshotChunkBytes,
  });
  return { store, exporter, close: () => pool.close() };
}

/** The read model of an opened runtime: the ClickHouse views (`articles_current`, `article_versions_hourly`). */
export function readModelOf(runtime: Runtime): ReadModel {
  return runtime.analytics.readModel;
}
