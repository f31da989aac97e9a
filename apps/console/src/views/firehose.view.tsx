import { useState } from 'preact/hooks';
import type { Overview } from '@okapi/console-contract';
import { Badge, ErrorBox, PageHeader, ScoreBar } from '../components/common';
import { FilterSelect } from '../components/filter-select';
import { FirehoseFilters, FirehoseItem, NO_FILTERS } from '../lib/firehose';
import { namespaceLabel, shortTime } from '../lib/format';
import { useOverview, wikisOf } from '../lib/overview';
import { articleHref } from '../lib/route';
import { FirehoseStatus, useFirehose } from '../lib/use-firehose';

const EVENT_TYPES = ['create', 'update', 'delete', 'move', 'visibility-change'];
const VANDALISM_FILTERS = [
  ['include', 'All edits'],
  ['only', 'Flagged only'],
  ['exclude', 'Not flagged'],
] as const;

/** The realtime stream with the API's own filters, newest first; click a title to open the Article. */
export function FirehoseView() {
  const overview = useOverview();
  const [filters, setFilters] = useState<FirehoseFilters>(NO_FILTERS);
  const [paused, setPaused] = useState(false);
  const { status, error, items, received, lastId } = useFirehose(filters, paused);

  const namespaces = [...new Set([0, 1, ...(overview.data?.wikis.map((w) => w.namespace) ?? [])])].sort(
    (a, b) => a - b,
  );
  const set = (patch: Partial<FirehoseFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section>
      <PageHeader title="Live firehose">
        <span class={`live-dot ${status}`} aria-hidden="true" />
        <span role="status" class="muted" data-testid="stream-status">
          {statusText(status)} · {received} received{lastId ? ` · last id ${lastId}` : ''}
        </span>
      </PageHeader>
      <form class="toolbar" aria-label="Stream filters" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Project"
          value={filters.wiki}
          all="All projects"
          options={wikisOf(overview.data)}
          onChange={(wiki) => set({ wiki })}
        />
        <FilterSelect
          label="Namespace"
          value={filters.namespace}
          all="All namespaces"
          options={namespaces.map((n) => [String(n), namespaceLabel(n)] as const)}
          onChange={(namespace) => set({ namespace })}
        />
        <FilterSelect
          label="Event type"
          value={filters.type}
          all="All types"
          options={EVENT_TYPES}
          onChange={(type) => set({ type })}
        />
        <FilterSelect
          label="Vandalism flag"
          value={filters.vandalism}
          options={VANDALISM_FILTERS}
          onChange={(v) => set({ vandalism: v as FirehoseFilters['vandalism'] })}
        />
        <button type="button" class="button" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </form>
      <Sources overview={overview.data} />
      <ErrorBox error={error} />
      {items.length === 0 ? (
        <p class="empty">
          {status === 'live' || status === 'connecting'
            ? 'Waiting for edits… (recent history first, then live)'
            : 'No events.'}
        </p>
      ) : (
        <ol class="events" aria-label="Events, newest first" data-testid="events">
          {items.map((it) => (
            <EventRow key={it.id} item={it} />
          ))}
        </ol>
      )}
    </section>
  );
}

function statusText(s: FirehoseStatus): string {
  return { connecting: 'Connecting', live: 'Live', paused: 'Paused', retrying: 'Reconnecting', stopped: 'Stopped' }[s];
}

function EventRow({ item }: { item: FirehoseItem }) {
  return (
    <li
      class={`event ${item.suspect ? 'is-suspect' : ''}`}
      data-offset={item.id}
      data-namespace={item.namespace}
      data-wiki={item.wiki}
      data-type={item.type}
    >
      <span class="event-time">{shortTime(item.time)}</span>
      <span class="event-where">
        <Badge kind="wiki">{item.wiki}</Badge>
        {item.namespace !== undefined && <Badge kind="ns">ns {item.namespace}</Badge>}
        <Badge kind={`type-${item.type}`}>{item.type}</Badge>
      </span>
      <a class="event-title" href={articleHref(item.name, item.wiki)}>
        {item.name}
      </a>
      <span class="event-editor">
        {item.editor ?? <span class="muted">hidden</span>}
        {item.editorKind && <span class="muted"> ({item.editorKind})</span>}
      </span>
      <span class="event-score">
        <ScoreBar probability={item.probability} suspect={item.suspect} />
        {item.suspect && <Badge kind="suspect">flagged</Badge>}
      </span>
      <span class="event-comment">{item.comment}</span>
    </li>
  );
}

/** Where the edits come from, or how to get live ones when nothing feeds the firehose. */
function Sources({ overview }: { overview?: Overview }) {
  if (!overview) return null;
  if (overview.sources.length === 0)
    return (
      <p class="notice">
        No live source is configured, so only recorded history plays. Restart with{' '}
        <code>OKAPI_SOURCES=generator:enwiki</code> (synthetic edits) or <code>OKAPI_SOURCES=eventstreams:enwiki</code>{' '}
        (live Wikipedia) to see edits flow.
      </p>
    );
  return (
    <p class="muted small" data-testid="sources">
      Following{' '}
      {overview.sources.map((s, i) => (
        <span key={s.kind}>
          {i > 0 && ', '}
          <strong>{s.kind}</strong>
          {s.wikis.length > 0 && ` (${s.wikis.join(', ')})`}
        </span>
      ))}
      ; the list starts a little back in the log, then goes live.
    </p>
  );
}
