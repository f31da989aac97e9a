import { PageCommand } from '@okapi/domain';
import { sleep } from '../../resilience/backoff';
import { CommandSink } from '@okapi/domain';
import { SourceLog } from '../plumbing/source-log';
import { IngestCounters, IngestStats } from '../plumbing/ingest.metrics';
import { mapPageChange } from '../page-change/page-change.mapper';
import { GeneratorOptions, SyntheticWikiGenerator } from './synthetic-wiki-generator';

export interface GeneratorSourceOptions extends Omit<GeneratorOptions, 'startTimeMs' | 'intervalMs'> {
  readonly sink: CommandSink;
  readonly log: SourceLog;
  /** Events per second; 0 = as fast as the sink takes them. */
  readonly rate: number;
  /** Stop after this many events (default: run until aborted). */
  readonly limit?: number;
  /** Commands per `handle` call at full speed (default 500). */
  readonly batchSize?: number;
  readonly now?: () => Date;
}

/**
 * The synthetic source for load tests, `okapi generate` and `generator:` in OKAPI_SOURCES:
 * generated page_change events go through the same mapping as EventStreams, with the text
 * joined in place of a MediaWiki fetch. Revision ids start from the clock (x100) so restarts do
 * not regenerate ids already recorded.
 */
export class GeneratorSource {
  private readonly counters = new IngestCounters('generator');
  private readonly generator: SyntheticWikiGenerator;
  private readonly now: () => Date;

  constructor(private readonly options: GeneratorSourceOptions) {
    this.now = options.now ?? (() => new Date());
    this.generator = new SyntheticWikiGenerator({
      ...options,
      firstRevisionId: options.firstRevisionId ?? this.now().getTime() * 100,
      startTimeMs: this.now().getTime(),
      intervalMs: options.rate > 0 ? 1000 / options.rate : 1,
    });
  }

  get stats(): Readonly<IngestStats> {
    return this.counters.stats;
  }

  async run(signal: AbortSignal): Promise<void> {
    const { rate, limit = Number.POSITIVE_INFINITY } = this.options;
    // At a set rate, batch what 100 ms produces (at least 1); flat out, fill whole batches.
    const perBatch = rate > 0 ? Math.max(1, Math.round(rate / 10)) : (this.options.batchSize ?? 500);
    const started = Date.now();
    let produced = 0;
    while (!signal.aborted && produced < limit) {
      const n = Math.min(perBatch, limit - produced);
      await this.commit(this.batch(n));
      produced += n;
      if (rate > 0) await sleep(Math.max(0, started + (produced / rate) * 1000 - Date.now()), signal);
      // The SQLite sink resolves without I/O waits: flat out, yield a turn so timers, signals
      // (Ctrl-C) and, inside `okapi start`, HTTP requests still run.
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private batch(n: number): PageCommand[] {
    const receivedAt = this.now().toISOString();
    const commands: PageCommand[] = [];
    for (let i = 0; i < n; i++) {
      const { event, text } = this.generator.next();
      for (const c of mapPageChange(event, receivedAt, 'generator')) {
        commands.push(c.type === 'RecordRevision' && text !== undefined ? { ...c, text } : c);
      }
    }
    this.counters.add('received', n);
    return commands;
  }

  private async commit(commands: PageCommand[]): Promise<void> {
    const result = await this.options.sink.handle(commands);
    this.counters.add('appended', result.appended);
    this.counters.add('duplicates', result.duplicates);
    this.counters.lag(0);
  }
}
