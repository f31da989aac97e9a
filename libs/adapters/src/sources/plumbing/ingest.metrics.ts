import { Counter, Gauge } from 'prom-client';
import { counter, gauge } from '../../metrics/metrics-registry';

/** Figures one source instance reports (also exported on /metrics, labelled by source). */
export interface IngestStats {
  received: number;
  appended: number;
  duplicates: number;
  deadLettered: number;
  dropped: number;
  reconnects: number;
  contentRetries: number;
  /** Seconds between now and the wiki-side time of the last event appended. */
  lagSeconds: number;
}

interface Metrics {
  readonly received: Counter;
  readonly appended: Counter;
  readonly duplicates: Counter;
  readonly deadLettered: Counter;
  readonly dropped: Counter;
  readonly reconnects: Counter;
  readonly contentRetries: Counter;
  readonly lagSeconds: Gauge;
}

function metrics(): Metrics {
  return {
    received: counter('okapi_ingest_events_received_total', 'Source events received (before filtering).', ['source']),
    appended: counter('okapi_ingest_events_appended_total', 'Domain events appended to the event store.', ['source']),
    duplicates: counter(
      'okapi_ingest_duplicates_skipped_total',
      'Commands that were no-ops (already recorded: redelivery).',
      ['source'],
    ),
    deadLettered: counter('okapi_ingest_dead_lettered_total', 'Events set aside in the dead-letter file.', [
      'source',
      'reason',
    ]),
    dropped: counter('okapi_ingest_events_dropped_total', 'Events dropped on purpose (canary, wiki not followed).', [
      'source',
      'reason',
    ]),
    reconnects: counter(
      'okapi_ingest_reconnects_total',
      'Source reconnections (close, error, 429/503, idle timeout).',
      ['source'],
    ),
    contentRetries: counter('okapi_ingest_content_retries_total', 'Failed MediaWiki API attempts that were retried.', [
      'source',
    ]),
    lagSeconds: gauge('okapi_ingest_lag_seconds', 'Now minus the wiki-side time (dt) of the last event appended.', [
      'source',
    ]),
  };
}

type CounterName = Exclude<keyof IngestStats, 'lagSeconds'>;

/** Counts for one source: per-instance figures plus the process-wide Prometheus metrics. */
export class IngestCounters {
  readonly stats: IngestStats = {
    received: 0,
    appended: 0,
    duplicates: 0,
    deadLettered: 0,
    dropped: 0,
    reconnects: 0,
    contentRetries: 0,
    lagSeconds: 0,
  };
  private readonly metrics = metrics();

  constructor(private readonly source: string) {}

  add(name: CounterName, n = 1, reason?: string): void {
    if (n === 0) return;
    this.stats[name] += n;
    this.metrics[name].inc(reason === undefined ? { source: this.source } : { source: this.source, reason }, n);
  }

  lag(seconds: number): void {
    this.stats.lagSeconds = seconds;
    this.metrics.lagSeconds.set({ source: this.source }, seconds);
  }
}
