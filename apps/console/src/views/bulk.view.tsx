import { useState } from 'preact/hooks';
import type { BatchHour } from '@okapi/console-contract';
import { ErrorBox, Loading, PageHeader } from '../components/common';
import { FilterSelect } from '../components/filter-select';
import { Listing } from '../components/listing';
import { DataTable } from '../components/data-table';
import { Api } from '../lib/api';
import { useApi } from '../lib/api-context';
import { downloadWithToken } from '../lib/download';
import { shortTime } from '../lib/format';
import { useAction } from '../lib/hooks';
import type { BulkMeta } from '../lib/types';
import { useJson } from '../lib/use-json';

/** WME bulk products: daily snapshots (and their chunks), hourly batches; metadata and downloads. */
export function BulkView() {
  const { api } = useApi();
  const snapshots = useJson<BulkMeta[]>('/v2/snapshots', 30_000);
  return (
    <section>
      <PageHeader title="Bulk downloads">
        <span class="muted">tar.gz of NDJSON Articles, md5 in “version”</span>
      </PageHeader>
      <h2>Snapshots</h2>
      <Listing
        loaded={snapshots}
        empty={
          <>
            No snapshot yet. They are built daily (OKAPI_SNAPSHOT_TIME) or by <code>npx okapi snapshot</code>.
          </>
        }
      >
        {(items) => (
          <BulkTable api={api} items={items} path={(m) => `/v2/snapshots/${m.identifier}`} label="Snapshots" chunks />
        )}
      </Listing>
      <Batches />
      <CurlHint />
    </section>
  );
}

function Batches() {
  const hours = useJson<BatchHour[]>('/v2/console/batch-hours', 60_000);
  return (
    <>
      <h2>Hourly batches</h2>
      <Listing loaded={hours} empty="No hourly batch yet. One is built for each closed hour (OKAPI_BATCH_SCHEDULE).">
        {(oldestFirst) => <HourPicker hours={[...oldestFirst].reverse()} />}
      </Listing>
    </>
  );
}

/** The hours newest first; the newest is shown until another is picked. */
function HourPicker({ hours }: { hours: readonly BatchHour[] }) {
  const [picked, setPicked] = useState<string>();
  const current = picked ?? `${hours[0].date}/${hours[0].hour}`;
  return (
    <>
      <FilterSelect
        className="inline-label"
        label="Hour (UTC)"
        value={current}
        options={hours.map((h) => [`${h.date}/${h.hour}`, `${h.date} ${h.hour}:00`] as const)}
        onChange={setPicked}
      />
      <HourBatches key={current} hour={current} />
    </>
  );
}

function HourBatches({ hour }: { hour: string }) {
  const { api } = useApi();
  const batches = useJson<BulkMeta[]>(`/v2/batches/${hour}`);
  if (batches.error) return <ErrorBox error={batches.error} />;
  if (!batches.data) return <Loading />;
  return (
    <BulkTable
      api={api}
      items={batches.data}
      path={(m) => `/v2/batches/${hour}/${m.identifier}`}
      label={`Batches of ${hour}`}
    />
  );
}

interface BulkTableProps {
  readonly api: Api;
  readonly items: readonly BulkMeta[];
  readonly path: (m: BulkMeta) => string;
  readonly label: string;
  readonly chunks?: boolean;
}

function BulkTable({ api, items, path, label, chunks }: BulkTableProps) {
  const { busy, error, run } = useAction<string>();
  /** Downloads `url` as `file`, one download at a time. */
  const downloadButton = (url: string, file: string, className: string, text: string) => (
    <button
      type="button"
      class={className}
      disabled={busy !== undefined}
      aria-label={`Download ${file}`}
      onClick={() => void run(file, () => downloadWithToken(api, url, file))}
    >
      {text}
    </button>
  );
  return (
    <>
      <ErrorBox error={error} />
      <DataTable
        className="stack"
        label={label}
        columns={[
          'Identifier',
          ['Size', 'num'],
          'Modified',
          'md5',
          ...(chunks ? [['Chunks', 'num'] as const] : []),
          'Download',
        ]}
      >
        {items.map((m) => {
          const file = `${m.identifier}.tar.gz`;
          return (
            <tr key={m.identifier}>
              <th scope="row" data-label="Identifier">
                <code>{m.identifier}</code>
              </th>
              <td class="num" data-label="Size">
                {m.size ? `${m.size.value} ${m.size.unit_text}` : ''}
              </td>
              <td data-label="Modified">{shortTime(m.date_modified)}</td>
              <td data-label="md5">
                <code class="hash" data-testid="md5">
                  {m.version}
                </code>
              </td>
              {chunks && (
                <td class="num" data-label="Chunks">
                  {m.chunks?.length ?? 0}
                </td>
              )}
              <td data-label="Download">
                {downloadButton(
                  `${path(m)}/download`,
                  file,
                  'button small',
                  busy === file ? 'Downloading…' : 'Download',
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      {chunks && items.some((m) => (m.chunks?.length ?? 0) > 0) && (
        <details class="chunks">
          <summary>Chunks</summary>
          <ul>
            {items.flatMap((m) =>
              (m.chunks ?? []).map((c) => {
                const n = c.slice(c.lastIndexOf('_') + 1);
                return (
                  <li key={c}>
                    <code>{c}</code>{' '}
                    {downloadButton(`${path(m)}/chunks/${n}/download`, `${c}.tar.gz`, 'link-button', 'download')}
                  </li>
                );
              }),
            )}
          </ul>
        </details>
      )}
    </>
  );
}

function CurlHint() {
  return (
    <details class="curl-hint">
      <summary>Large files: download with curl (resumable, parallel ranges)</summary>
      <pre class="code-block">
        {`TOKEN=...   # from POST /v1/login
curl -H "Authorization: Bearer $TOKEN" -O -J ${location.origin}/v2/snapshots/enwiki_namespace_0/download
curl -H "Authorization: Bearer $TOKEN" -r 0-1048575 -o part0 ${location.origin}/v2/snapshots/enwiki_namespace_0/download`}
      </pre>
    </details>
  );
}
