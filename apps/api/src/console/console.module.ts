import { Module } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { CONFIG } from '@okapi/adapters/runtime';
import { BulkFileStore } from '@okapi/adapters/storage';
import { CONSOLE_DIST_DIR } from './console-assets';
import { ConsoleDataController } from './console-data.controller';
import { ConsoleReadService } from './console-read.service';
import { CONSOLE_DIR, ConsoleStaticController } from './console-static.controller';
import { SqlController } from './sql.controller';

/** The web console at `/` and the read-only endpoints it needs (`/v2/console/*`, `/v2/sql`). */
@Module({
  controllers: [ConsoleStaticController, ConsoleDataController, SqlController],
  providers: [
    { provide: CONSOLE_DIR, useValue: CONSOLE_DIST_DIR },
    {
      provide: BulkFileStore,
      useFactory: (cfg: OkapiConfig) => new BulkFileStore(cfg.dataDir),
      inject: [CONFIG],
    },
    ConsoleReadService,
  ],
})
export class ConsoleModule {}
