import type { Lag } from '@okapi/console-contract';
import { byLabel, Sample, samplesOf, total } from './prometheus';

export interface LagRow {
  readonly name: string;
  readonly position?: number;
  readonly lag?: number;
  readonly note: string;
}

/**
 * Lag of each consumer of the event log behind its head: every projection (its checkpoint in the
 * views), and the publisher (its metric when this process runs it, else the bus's last offset).
 */
export function lagRows(lag: Lag | undefined, samples: readonly Sample[]): LagRow[] {
  const head = lag?.head ?? total(samples, 'okapi_event_store_head_offset');
  const rows: LagRow[] = (lag?.projections ?? []).map((p) => ({
    name: `projection ${p.projection}`,
    position: p.checkpoint,
    lag: p.lag,
    note: `checkpoint written ${p.updated_at}`,
  }));
  const published = total(samples, 'okapi_publisher_offset');
  if (published !== undefined)
    rows.push({
      name: 'publisher',
      position: published,
      ...(head !== undefined ? { lag: Math.max(0, head - published) } : {}),
      note: 'last offset whose Articles are all in the bus',
    });
  else if (lag?.bus?.last_offset !== undefined)
    rows.push({
      name: 'publisher (bus)',
      position: lag.bus.last_offset,
      ...(head !== undefined ? { lag: Math.max(0, head - lag.bus.last_offset) } : {}),
      note: 'offset of the last Article in the bus (events without an Article leave none)',
    });
  return rows;
}

/** Per-source ingest counters (`okapi_ingest_*{source=...}`), one row per source. */
export function sourceRows(samples: readonly Sample[]): { source: string; values: Map<string, number> }[] {
  return [...byLabel(samples, 'okapi_ingest_', 'source')].map(([source, values]) => ({ source, values }));
}

/** Metrics other engineers add in parallel; shown when the server reports them. */
export const OPTIONAL_COUNTERS: readonly { name: string; label: string }[] = [
  { name: 'okapi_dead_letters_total', label: 'Dead letters' },
  { name: 'okapi_worker_restarts_total', label: 'Worker restarts' },
  { name: 'okapi_ingest_dead_lettered_total', label: 'Ingest dead-lettered' },
  { name: 'okapi_realtime_clients_dropped_total', label: 'Realtime clients dropped' },
];

/** Each label set of a counter as `consumer=views`, for the breakdown under its total. */
export function breakdown(samples: readonly Sample[], name: string): { labels: string; value: number }[] {
  return samplesOf(samples, name)
    .filter((s) => s.labels.size > 0)
    .map((s) => ({ labels: [...s.labels].map(([k, v]) => `${k}=${v}`).join(', '), value: s.value }));
}
