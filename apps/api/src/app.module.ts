import { DynamicModule, Module, Type } from '@nestjs/common';
import { Runtime } from '@okapi/adapters/runtime';
import { ArticlesModule } from './articles/articles.module';
import { AuthModule } from './auth/auth.module';
import { LoggingModule } from './logging/logging.module';
import { MetadataModule } from './metadata/metadata.module';
import { MetricsModule } from './metrics/metrics.module';
import { StructuredContentsModule } from './structured-contents/structured-contents.module';
import { BulkModule } from './bulk/bulk.module';
import { CoreModule } from './core/core.module';
import { EventsModule } from './events/events.module';
import { RealtimeModule } from './realtime/realtime.module';
import { HealthController } from './health/health.controller';
import { EXTRA_READINESS_CHECKS, ReadinessCheck } from '@okapi/adapters/runtime';
import { InternalSqlModule } from './internal-sql/internal-sql.module';
import { ConsoleModule } from './console/console.module';

/** The HTTP API. Feature modules register here, one line each. */
@Module({})
export class AppModule {
  /**
   * `extra`: more modules (tests mount fault-injecting routes this way, under the real guard and filter).
   * `readiness`: checks added to /readyz (`okapi start` adds its workers).
   */
  static forRuntime(
    runtime: Runtime,
    extra: readonly Type[] = [],
    readiness: readonly ReadinessCheck[] = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRuntime(runtime),
        LoggingModule,
        AuthModule,
        MetricsModule,
        ArticlesModule,
        StructuredContentsModule,
        MetadataModule,
        BulkModule,
        InternalSqlModule,
        RealtimeModule,
        EventsModule,
        ConsoleModule,
        ...extra,
      ],
      controllers: [HealthController],
      providers: [{ provide: EXTRA_READINESS_CHECKS, useValue: readiness }],
    };
  }
}
