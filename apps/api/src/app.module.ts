import { DynamicModule, Module } from '@nestjs/common';
import { Runtime } from '@okapi/adapters/runtime/runtime';
import { CoreModule } from './core/core.module';
import { HealthController } from './health/health.controller';

/** The HTTP API. Feature modules register here, one line each. */
@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRuntime(runtime)],
      controllers: [HealthController],
    };
  }
}
