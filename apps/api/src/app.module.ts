import { DynamicModule, Module } from '@nestjs/common';
import { Runtime } from '@okapi/adapters/runtime/runtime';
import { BulkModule } from './bulk/bulk.module';
import { CoreModule } from './core/core.module';
import { HealthController } from './health/health.controller';
import { InternalSqlModule } from './internal-sql/internal-sql.module';

/** The HTTP API. Feature modules register here, one line each. */
@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRuntime(runtime), BulkModule, InternalSqlModule],
      controllers: [HealthController],
    };
  }
}
