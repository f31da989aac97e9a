import { Module } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { CONFIG } from '@okapi/adapters/runtime';
import { BulkFileStore } from '@okapi/adapters/storage';
import { BatchesController } from './batches.controller';
import { BulkCatalog } from './bulk-catalog.service';
import { SnapshotsController } from './snapshots.controller';
import { StructuredSnapshotsController } from './structured-snapshots.controller';

/** Bulk product over HTTP: snapshot, chunk and batch metadata and downloads from the data dir. */
@Module({
  // StructuredSnapshotsController first: its paths would otherwise match `v2/snapshots/:id`.
  controllers: [StructuredSnapshotsController, SnapshotsController, BatchesController],
  providers: [
    {
      provide: BulkFileStore,
      useFactory: (cfg: OkapiConfig) => new BulkFileStore(cfg.dataDir),
      inject: [CONFIG],
    },
    BulkCatalog,
  ],
})
export class BulkModule {}
