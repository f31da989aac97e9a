import { DynamicModule, Global, Module } from '@nestjs/common';
import { Runtime } from '@okapi/adapters/runtime/runtime';
import { CONFIG, EVENT_STORE } from '@okapi/adapters/runtime/tokens';

/** Exposes the process's opened ports as DI providers to every feature module. */
@Global()
@Module({})
export class CoreModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: runtime.config },
      { provide: EVENT_STORE, useValue: runtime.eventStore },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
