import { counter } from '../metrics/metrics-registry';
import { BackoffOptions } from '../resilience/backoff';
import { Loop, LoopStatus, supervise, Supervision, whenAborted } from '../resilience/supervise';
import { Worker } from './runtime';
import { toError } from '../errors/to-error';

export type WorkerStatus = LoopStatus;

export interface SupervisorOptions {
  /** Restart delays (default 500 ms doubling up to 30 s, with jitter). */
  readonly backoff?: BackoffOptions;
  readonly log?: (line: string) => void;
}

const restartsTotal = (): ReturnType<typeof counter> =>
  counter('okapi_worker_restarts_total', 'Background worker restarts after a crash or a failed start', ['worker']);

/**
 * Runs a process's workers (`okapi start`, the roles) under `supervise`: each is started in
 * order (the next waits until the previous runs), and one whose start fails or whose loop
 * crashes later is stopped, then started again after a capped exponential backoff, counted in
 * `okapi_worker_restarts_total{worker}`. `snapshot()` is what /readyz shows per worker.
 */
export class WorkerSupervisor {
  private readonly supervisions = new Map<Worker, Supervision>();
  private stopping = false;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly workers: readonly Worker[],
    private readonly options: SupervisorOptions = {},
  ) {
    for (const w of workers) restartsTotal().inc({ worker: w.name }, 0);
  }

  get names(): string[] {
    return this.workers.map((w) => w.name);
  }

  /** Begins starting the workers; resolves once each has run once (or the supervisor is stopped). */
  start(): Promise<void> {
    this.starting ??= this.startAll();
    return this.starting;
  }

  ready(): boolean {
    return Object.values(this.snapshot()).every((s) => s.state === 'running');
  }

  snapshot(): Record<string, WorkerStatus> {
    const entries = this.workers.map((w): [string, WorkerStatus] => [
      w.name,
      this.supervisions.get(w)?.status() ?? { state: this.stopping ? 'stopped' : 'starting', restarts: 0 },
    ]);
    return Object.fromEntries(entries);
  }

  /** Stops the workers in reverse order; a start or a backoff in progress is abandoned. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of [...this.workers].reverse()) await this.supervisions.get(w)?.stop();
    await this.starting;
  }

  private async startAll(): Promise<void> {
    for (const w of this.workers) {
      if (this.stopping) return;
      const supervision = supervise(this.loopOf(w), this.options.backoff, {
        onCrash: (error, restarts, delay) => {
          restartsTotal().inc({ worker: w.name });
          this.options.log?.(`worker ${w.name} failed (restart ${restarts} in ${delay} ms): ${error.message}`);
        },
      });
      this.supervisions.set(w, supervision);
      await supervision.started;
    }
  }

  /** One life of a worker: start, run until stopped or crashed, stop (also after a crash, to clean up). */
  private loopOf(w: Worker): Loop {
    return async (signal, running) => {
      await w.start();
      let crashed = false;
      try {
        running();
        await Promise.race([w.finished?.() ?? new Promise<never>(() => undefined), whenAborted(signal)]);
      } catch (e) {
        crashed = true;
        throw e;
      } finally {
        await w.stop().catch((e: unknown) => {
          if (!crashed) this.options.log?.(`worker ${w.name} failed to stop: ${toError(e).message}`);
        });
      }
    };
  }
}
