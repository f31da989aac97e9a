import { Logger } from '@nestjs/common';
import { ProjectionRunner, projectionRunnerFor } from '@okapi/adapters/clickhouse';
import { EventStore } from '@okapi/domain';
import { sampledGauge } from '@okapi/adapters/metrics';
import { sleep } from '@okapi/adapters/resilience';
import { Runtime, Worker } from '@okapi/adapters/runtime';
import { promised } from '@okapi/adapters/errors';

/**
 * The projection runner following the store live (`okapi start`, the projector app): one batch
 * at a time, polling every OKAPI_PROJECT_INTERVAL_MS once caught up. A failing batch ends the
 * loop (`finished()` rejects) and the WorkerSupervisor restarts it after a backoff; nothing
 * advances the checkpoint until its rows are written, so the restart redoes that batch.
 */
export class ViewsWorker implements Worker {
  readonly name = 'views';
  private running: Promise<void> | undefined;
  /** Ends the poll interval early on stop. */
  private abort = new AbortController();
  /** Last offset in the views as of the last batch (undefined before the first one). */
  private checkpoint: number | undefined;
  private unregisterMetrics: Array<() => void> = [];
  private readonly logger = new Logger('views');

  /** `store` (optional) lets /metrics report the lag: its head minus our checkpoint, read at scrape time. */
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly intervalMs: number,
    private readonly store?: Pick<EventStore, 'head'>,
  ) {}

  start(): Promise<void> {
    return promised(() => {
      this.abort = new AbortController();
      this.registerMetrics();
      this.running = this.loop();
    });
  }

  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => undefined);
    for (const unregister of this.unregisterMetrics.splice(0)) unregister();
  }

  private registerMetrics(): void {
    const store = this.store;
    this.unregisterMetrics.push(
      sampledGauge(
        'okapi_projection_checkpoint_offset',
        'Last event-store offset projected into the ClickHouse views',
        () => this.checkpoint,
      ),
    );
    if (!store) return;
    this.unregisterMetrics.push(
      sampledGauge(
        'okapi_projection_lag_events',
        'Events recorded in the event store but not yet in the ClickHouse views',
        async () =>
          this.checkpoint === undefined ? undefined : Math.max(0, Number(await store.head()) - this.checkpoint),
      ),
    );
  }

  private async loop(): Promise<void> {
    const { signal } = this.abort;
    await this.runner
      .follow(
        signal,
        () => sleep(this.intervalMs, signal),
        (batch) => (this.checkpoint = batch.lastOffset),
      )
      .catch((e: unknown) => {
        this.logger.error(`projection batch failed: ${(e as Error).message}`);
        throw e;
      });
  }
}

export function viewsWorker(runtime: Runtime): Worker {
  return new ViewsWorker(projectionRunnerFor(runtime), runtime.config.projectIntervalMs, runtime.eventStore);
}
