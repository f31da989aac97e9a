import { DynamicModule, Global, Module } from '@nestjs/common';
import { Runtime } from '@okapi/adapters/runtime';
import {
  ANALYTICS,
  ARTICLE_BUS,
  ARTICLE_DERIVATIONS,
  CONFIG,
  DEAD_LETTERS,
  EVENT_STORE,
  READ_MODEL,
} from '@okapi/adapters/runtime';

/** Exposes the process's opened ports as DI providers to every feature module. */
@Global()
@Module({})
export class CoreModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: runtime.config },
      { provide: EVENT_STORE, useValue: runtime.eventStore },
      { provide: ARTICLE_BUS, useValue: runtime.bus },
      { provide: ANALYTICS, useValue: runtime.analytics },
      { provide: READ_MODEL, useValue: runtime.analytics.readModel },
      { provide: ARTICLE_DERIVATIONS, useValue: runtime.derivations },
      { provide: DEAD_LETTERS, useValue: runtime.deadLetters },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
