import type { Lag } from '@okapi/console-contract';
import { Badge, ErrorBox, PageHeader } from '../components/common';
import { Listing } from '../components/listing';
import { DataTable } from '../components/data-table';
import { duration } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { parsePrometheus, Sample, total } from '../lib/prometheus';
import { breakdown, lagRows, OPTIONAL_COUNTERS, sourceRows } from '../lib/status';
import type { Readiness } from '../lib/types';
import { useJson } from '../lib/use-json';
import { Stat } from './rates.view';

const REFRESH_MS = 5000;

async function readiness(): Promise<Readiness> {
  // 503 still carries the checks: read the body whatever the status.
  const res = await fetch('/readyz');
  return (await res.json()) as Readiness;
}

async function metrics(): Promise<Sample[]> {
  const res = await fetch('/metrics');
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return parsePrometheus(await res.text());
}

/** What /readyz, /metrics and the projection checkpoints know, refreshed every 5 s. */
export function StatusView() {
  const ready = useLoad(readiness, [], REFRESH_MS);
  const samples = useLoad(metrics, [], REFRESH_MS);
  const lag = useJson<Lag>('/v2/console/lag', REFRESH_MS);
  const s = samples.data ?? [];
  const head = lag.data?.head ?? total(s, 'okapi_event_store_head_offset');
  return (
    <section>
      <PageHeader title="Status">
        <span class="muted">Refreshed every 5 s</span>
      </PageHeader>
      <div class="stat-row">
        <Stat
          label="Readiness"
          value={ready.data ? ready.data.status : '…'}
          tone={ready.data?.status === 'ok' ? 'good' : ready.data && ready.data.status !== 'degraded' ? 'bad' : ''}
        />
        <Stat label="Event store head" value={head === undefined ? '…' : String(head)} />
        <Stat label="Realtime clients" value={String(total(s, 'okapi_realtime_clients') ?? '–')} />
        <Stat label="Uptime" value={uptime(s)} />
      </div>

      <h2>Lag behind the event store head</h2>
      <ErrorBox error={lag.error} />
      <LagTable rows={lagRows(lag.data, s)} head={head} />

      <h2>Readiness checks</h2>
      <Listing loaded={ready}>{(readiness) => <ChecksTable readiness={readiness} />}</Listing>

      <h2>Sources</h2>
      <ErrorBox error={samples.error} />
      <SourcesTable samples={s} />

      <h2>Failures</h2>
      <FailureList samples={s} />
    </section>
  );
}

function uptime(samples: readonly Sample[]): string {
  const start = total(samples, 'okapi_process_start_time_seconds');
  return start === undefined ? '–' : duration(Date.now() - start * 1000);
}

function LagTable({ rows, head }: { rows: ReturnType<typeof lagRows>; head?: number }) {
  if (rows.length === 0) return <p class="empty">No projection has written a checkpoint yet.</p>;
  return (
    <DataTable
      label="Lag per consumer"
      testId="lag-table"
      columns={[
        'Consumer',
        ['Position', 'num'],
        ['Lag (events)', 'num'],
        ['Progress', 'hide-narrow'],
        ['Note', 'hide-narrow'],
      ]}
    >
      {rows.map((r) => (
        <tr key={r.name}>
          <th scope="row">{r.name}</th>
          <td class="num">{r.position ?? '–'}</td>
          <td class="num">
            <Badge kind={r.lag === undefined ? 'pending' : r.lag === 0 ? 'ok' : r.lag < 1000 ? 'pending' : 'bad'}>
              {r.lag ?? '–'}
            </Badge>
          </td>
          <td class="hide-narrow">
            {head !== undefined && r.position !== undefined && (
              <meter min={0} max={Math.max(1, head)} value={r.position} aria-label={`${r.name} progress`} />
            )}
          </td>
          <td class="muted small hide-narrow">{r.note}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ChecksTable({ readiness }: { readiness: Readiness }) {
  const checks = Object.entries(readiness.checks);
  return (
    <DataTable label="Readiness checks" columns={['Check', 'Status', ['ms', 'num'], 'Details']}>
      {checks.map(([name, c]) => {
        const { status, ms, error, ...rest } = c;
        return (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <Badge kind={status === 'ok' ? 'ok' : status === 'degraded' ? 'pending' : 'bad'}>{status}</Badge>
            </td>
            <td class="num">{ms ?? ''}</td>
            <td class="small">
              {error && <span class="error-text">{error}</span>}
              {Object.keys(rest).length > 0 && <code>{JSON.stringify(rest)}</code>}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

const SOURCE_COLUMNS: readonly [string, string][] = [
  ['okapi_ingest_events_received_total', 'Received'],
  ['okapi_ingest_events_appended_total', 'Appended'],
  ['okapi_ingest_duplicates_skipped_total', 'Duplicates'],
  ['okapi_ingest_events_dropped_total', 'Dropped'],
  ['okapi_ingest_reconnects_total', 'Reconnects'],
  ['okapi_ingest_lag_seconds', 'Lag (s)'],
];

function SourcesTable({ samples }: { samples: readonly Sample[] }) {
  const rows = sourceRows(samples);
  if (rows.length === 0) return <p class="empty">No live source in this process (OKAPI_SOURCES is empty).</p>;
  return (
    <DataTable label="Live sources" columns={['Source', ...SOURCE_COLUMNS.map(([, label]) => [label, 'num'] as const)]}>
      {rows.map((r) => (
        <tr key={r.source}>
          <th scope="row">{r.source}</th>
          {SOURCE_COLUMNS.map(([name]) => (
            <td key={name} class="num">
              {oneDecimal(r.values.get(name))}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

function oneDecimal(value: number | undefined): number | string {
  return value === undefined ? '–' : Math.round(value * 10) / 10;
}

function FailureList({ samples }: { samples: readonly Sample[] }) {
  const present = OPTIONAL_COUNTERS.flatMap((c) => {
    const value = total(samples, c.name);
    return value === undefined ? [] : [{ c, value }];
  });
  if (present.length === 0) return <p class="empty">This server reports no failure counters.</p>;
  return (
    <ul class="failures">
      {present.map(({ c, value }) => {
        return (
          <li key={c.name}>
            <Badge kind={value === 0 ? 'ok' : 'bad'}>{value}</Badge> {c.label} <code class="muted small">{c.name}</code>
            {breakdown(samples, c.name).map((b) => (
              <div key={b.labels} class="muted small">
                {b.labels}: {b.value}
              </div>
            ))}
          </li>
        );
      })}
    </ul>
  );
}
