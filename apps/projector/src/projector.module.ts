import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Runtime, Worker } from '@okapi/adapters/runtime/runtime';
import { publisherWorker } from './publisher/publisher.worker';
import { viewsWorker } from './views/views.worker';

const WORKERS = Symbol('PROJECTOR_WORKERS');
const RUNTIME = Symbol('PROJECTOR_RUNTIME');

/** Runs the projector's workers for the life of the Nest application context, then closes the runtime. */
class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(WORKERS) private readonly workers: Worker[],
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const w of this.workers) await w.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const w of [...this.workers].reverse()) await w.stop();
    await this.runtime.close();
  }
}

/** The projector app: event store -> ClickHouse views (views worker) and the firehose publisher. */
@Module({})
export class ProjectorModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ProjectorModule,
      providers: [
        { provide: WORKERS, useValue: [viewsWorker(runtime), publisherWorker(runtime)] },
        { provide: RUNTIME, useValue: runtime },
        WorkerHost,
      ],
    };
  }
}
