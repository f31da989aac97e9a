import { must } from '@okapi/domain';
import { ReadModel, DeadLetterStore } from '@okapi/projections';
import { Runtime, Worker } from '../runtime/runtime';
import { buildBatchHour, buildSnapshots, pruneBatches } from './bulk-jobs';
import { BulkKit, openBulk, readModelOf } from './open-bulk';
import { toError } from '../errors/to-error';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export interface BulkSchedulerOptions {
  readonly readModel: () => ReadModel;
  readonly openKit: () => Promise<BulkKit>;
  /** `HH:MM` UTC, or `off`. */
  readonly snapshotTime: string;
  readonly batches: boolean;
  readonly batchDelayS: number;
  readonly batchRetentionHours: number;
  readonly now?: () => number;
  readonly tickMs?: number;
  readonly log?: (line: string) => void;
  /** Where an Article a job cannot convert goes (see `structuredLines`). */
  readonly deadLetters?: DeadLetterStore;
}

/**
 * Background bulk jobs of `okapi start`, one at a time on the shared gzip pool:
 * - each UTC hour's batches, `batchDelayS` after the hour closes (first run: the last closed hour);
 * - every snapshot once a day at `snapshotTime` (also at start when the newest is older than the
 *   last scheduled time, so a restart never skips a day);
 * - deletes batch hours older than `batchRetentionHours`.
 */
export class BulkScheduler implements Worker {
  readonly name = 'bulk-scheduler';
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly abort = new AbortController();
  private kit?: BulkKit;
  private lastBatchHour?: number;
  private lastSnapshotAt?: number;

  constructor(private readonly opts: BulkSchedulerOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((line) => void process.stderr.write(`[bulk] ${line}\n`));
  }

  async start(): Promise<void> {
    this.kit = await this.opts.openKit();
    // The first check comes one tick after start, not at once: projections catch up meanwhile.
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    await this.running;
    await this.kit?.close();
  }

  /** Runs what is due; a tick while a job runs is skipped. Resolves when this tick's work ends. */
  tick(): Promise<void> {
    if (this.running || this.abort.signal.aborted) return this.running ?? Promise.resolve();
    this.running = this.runDue()
      .catch((e: unknown) => this.log(`bulk job failed: ${toError(e).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async runDue(): Promise<void> {
    if (this.opts.batches) await this.runBatches();
    if (this.opts.snapshotTime !== 'off') await this.runSnapshots();
  }

  private async runBatches(): Promise<void> {
    const kit = must(this.kit, 'the bulk kit (opened by start)');
    const lastClosed = Math.floor((this.now() - this.opts.batchDelayS * 1000) / HOUR_MS) * HOUR_MS - HOUR_MS;
    let hour = this.lastBatchHour === undefined ? lastClosed : this.lastBatchHour + HOUR_MS;
    for (; hour <= lastClosed; hour += HOUR_MS) {
      const label = new Date(hour).toISOString().slice(0, 13);
      const results = await buildBatchHour(this.opts.readModel(), kit.exporter, label, undefined, this.abort.signal);
      this.lastBatchHour = hour;
      this.log(`batch ${label}: ${results.length} file(s), ${results.reduce((n, r) => n + r.lines, 0)} articles`);
    }
    await pruneBatches(kit.store, this.now(), this.opts.batchRetentionHours);
  }

  private async runSnapshots(): Promise<void> {
    const kit = must(this.kit, 'the bulk kit (opened by start)');
    const [hh, mm] = this.opts.snapshotTime.split(':').map(Number);
    const now = this.now();
    let due = Math.floor(now / DAY_MS) * DAY_MS + (hh * 60 + mm) * 60_000;
    if (due > now) due -= DAY_MS;
    if (this.lastSnapshotAt === undefined) {
      const existing = await kit.store.listSnapshots();
      const oldest = Math.min(...existing.map((m) => Date.parse(m.date_modified)));
      if (existing.length > 0 && oldest >= due) this.lastSnapshotAt = oldest;
    }
    if (this.lastSnapshotAt !== undefined && this.lastSnapshotAt >= due) return;
    const results = await buildSnapshots(
      this.opts.readModel(),
      kit.exporter,
      {},
      undefined,
      this.abort.signal,
      this.opts.deadLetters,
    );
    this.lastSnapshotAt = now;
    this.log(`snapshots: ${results.length} rebuilt, ${results.reduce((n, r) => n + r.lines, 0)} articles`);
  }
}

/** `okapi start` worker factory: undefined when both schedules are off. */
export function bulkSchedulerWorker(runtime: Runtime): Worker | undefined {
  const c = runtime.config;
  const snapshotTime = c.snapshotTime;
  const batches = c.batchSchedule;
  if (snapshotTime === 'off' && !batches) return undefined;
  return new BulkScheduler({
    readModel: () => readModelOf(runtime),
    openKit: () => openBulk(c),
    snapshotTime,
    batches,
    batchDelayS: c.batchDelayS,
    batchRetentionHours: c.batchRetentionHours,
    deadLetters: runtime.deadLetters,
  });
}
