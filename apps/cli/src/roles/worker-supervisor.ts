import { Worker } from '@okapi/adapters/runtime/runtime';

export type WorkerState = 'starting' | 'running' | 'retrying' | 'stopped';

export interface WorkerStatus {
  readonly state: WorkerState;
  /** Failed start attempts since the last success. */
  readonly failures: number;
  readonly error?: string;
}

export interface SupervisorOptions {
  /** First retry delay after a failed start (ms), doubled per failure up to `maxBackoffMs`. Default 500. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Starts a role's workers in order and keeps trying: a worker whose start fails (a store not
 * reachable yet, a lock still held by a dying predecessor) is retried with exponential backoff,
 * and the ones after it wait, so start order is kept. Once started, each worker's own loop
 * retries its failures (projection batches, publishes, source reconnects). `ready()` is what
 * /readyz reports for the workers.
 */
export class WorkerSupervisor {
  private readonly status = new Map<Worker, WorkerStatus>();
  private stopping = false;
  private starting: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly workers: readonly Worker[],
    private readonly options: SupervisorOptions = {},
  ) {
    for (const w of workers) this.status.set(w, { state: 'starting', failures: 0 });
  }

  /** Begins starting the workers; resolves once all run (or the supervisor is stopped). */
  start(): Promise<void> {
    this.starting ??= this.startAll();
    return this.starting;
  }

  ready(): boolean {
    return [...this.status.values()].every((s) => s.state === 'running');
  }

  snapshot(): Record<string, WorkerStatus> {
    return Object.fromEntries(this.workers.map((w) => [w.name, this.status.get(w)!]));
  }

  /** Stops the started workers in reverse order; a start in progress is abandoned. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.starting;
    for (const w of [...this.workers].reverse()) {
      if (this.status.get(w)?.state !== 'running') continue;
      await w.stop();
      this.status.set(w, { state: 'stopped', failures: 0 });
    }
  }

  private async startAll(): Promise<void> {
    for (const w of this.workers) {
      while (!this.stopping && !(await this.tryStart(w))) await this.pause(this.backoff(w));
      if (this.stopping) return;
    }
  }

  private async tryStart(w: Worker): Promise<boolean> {
    try {
      await w.start();
      this.status.set(w, { state: 'running', failures: 0 });
      return true;
    } catch (e) {
      const failures = (this.status.get(w)?.failures ?? 0) + 1;
      const error = (e as Error).message;
      this.status.set(w, { state: 'retrying', failures, error });
      this.options.log?.(`worker ${w.name} failed to start (attempt ${failures}): ${error}; retrying`);
      return false;
    }
  }

  private backoff(w: Worker): number {
    const failures = this.status.get(w)?.failures ?? 1;
    const first = this.options.backoffMs ?? 500;
    return Math.min(this.options.maxBackoffMs ?? 30_000, first * 2 ** Math.min(failures - 1, 10));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
