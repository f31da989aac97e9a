import { Logger } from '@nestjs/common';
import { BatchResult, ProjectionRunner, projectionRunnerFor } from '@okapi/adapters/clickhouse/projection-runner';
import { gauge } from '@okapi/adapters/metrics/metrics.registry';
import { Runtime, Worker } from '@okapi/adapters/runtime/runtime';

const lagGauge = (): ReturnType<typeof gauge> =>
  gauge('okapi_projection_lag_events', 'Events recorded in the event store but not yet in the ClickHouse views');

/**
 * The projection runner following the store live (`okapi start`, the projector app): one batch
 * at a time, polling every OKAPI_PROJECT_INTERVAL_MS once caught up. A failing batch is retried
 * after a pause; nothing advances the checkpoint until its rows are written.
 */
export class ViewsWorker implements Worker {
  readonly name = 'views';
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly logger = new Logger('views');

  constructor(private readonly runner: ProjectionRunner, private readonly intervalMs: number) {}

  async start(): Promise<void> {
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const batch: BatchResult = await this.runner.runOnce();
        failures = 0;
        if (batch.events > 0) {
          lagGauge().set((await this.runner.lag()).events);
          continue;
        }
        lagGauge().set(0);
        await this.pause(this.intervalMs);
      } catch (e) {
        failures++;
        this.logger.error(`projection batch failed (attempt ${failures}): ${(e as Error).message}`);
        await this.pause(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

export function viewsWorker(runtime: Runtime): Worker {
  return new ViewsWorker(projectionRunnerFor(runtime), runtime.config.projectIntervalMs ?? 200);
}
