import type { Rates } from '@okapi/console-contract';
import { PageHeader } from '../components/common';
import { Listing } from '../components/listing';
import { DataTable } from '../components/data-table';
import { TimeChart, ChartSeries } from '../components/time-chart';
import { percent } from '../lib/format';
import { useJson } from '../lib/use-json';

const PALETTE = ['#2563eb', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569'];
const REFRESH_MS = 10_000;

/** Edits per minute per wiki over the last hour and the flagged share, refreshed live. */
export function RatesView() {
  const rates = useJson<Rates>('/v2/console/rates?minutes=60', REFRESH_MS);
  return (
    <section>
      <PageHeader title="Edit rates">
        <span class="muted">Last 60 minutes (wiki time), refreshed every 10 s</span>
      </PageHeader>
      <Listing loaded={rates}>{(r) => <RatesBody rates={r} />}</Listing>
    </section>
  );
}

function RatesBody({ rates }: { rates: Rates }) {
  const totals = rates.wikis.map((w) => ({
    wiki: w.wiki,
    edits: w.edits.reduce((a, b) => a + b, 0),
    flagged: w.flagged.reduce((a, b) => a + b, 0),
  }));
  const allEdits = rates.minutes.map((_, i) => rates.wikis.reduce((sum, w) => sum + w.edits[i], 0));
  const allFlagged = rates.minutes.map((_, i) => rates.wikis.reduce((sum, w) => sum + w.flagged[i], 0));
  const series: ChartSeries[] = [
    ...rates.wikis.map((w, i) => ({ label: w.wiki, color: PALETTE[i % PALETTE.length], values: w.edits })),
    {
      label: 'flagged share',
      color: '#b42318',
      percent: true,
      dashed: true,
      values: allEdits.map((e, i) => (e === 0 ? null : (100 * allFlagged[i]) / e)),
    },
  ];
  const sumEdits = allEdits.reduce((a, b) => a + b, 0);
  const sumFlagged = allFlagged.reduce((a, b) => a + b, 0);
  return (
    <>
      <div class="stat-row">
        <Stat label="Edits, last hour" value={String(sumEdits)} />
        <Stat label="Edits, last minute" value={String(allEdits[allEdits.length - 1] ?? 0)} />
        <Stat label="Flagged share" value={percent(sumFlagged, sumEdits)} />
        <Stat label="Wikis" value={String(rates.wikis.length)} />
      </div>
      {rates.wikis.length === 0 ? (
        <p class="empty">No edits in the last hour. Start a live source (OKAPI_SOURCES) to see rates.</p>
      ) : (
        <TimeChart
          times={rates.minutes}
          series={series}
          label={`Edits per minute per wiki and flagged share, ${rates.from} to ${rates.to}`}
        />
      )}
      <DataTable
        label="Edits per wiki, last hour"
        columns={['Wiki', ['Edits', 'num'], ['Flagged', 'num'], ['Share', 'num']]}
      >
        {totals.map((t) => (
          <tr key={t.wiki}>
            <th scope="row">{t.wiki}</th>
            <td class="num">{t.edits}</td>
            <td class="num">{t.flagged}</td>
            <td class="num">{percent(t.flagged, t.edits)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

export function Stat({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <div class={`stat ${tone ?? ''}`}>
      <div class="stat-value">{value}</div>
      <div class="stat-label">{label}</div>
    </div>
  );
}
