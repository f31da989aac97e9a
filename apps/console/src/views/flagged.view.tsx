import { useState } from 'preact/hooks';
import type { FlaggedRevision } from '@okapi/console-contract';
import { Badge, PageHeader, ScoreBar } from '../components/common';
import { DiffView } from '../components/diff-view';
import { FilterSelect } from '../components/filter-select';
import { Listing } from '../components/listing';
import { duration, shortTime, signed } from '../lib/format';
import { useOverview, wikisOf } from '../lib/overview';
import { articleHref, routeHref } from '../lib/route';
import { useJson } from '../lib/use-json';

const REVERT_STATUSES = [
  ['any', 'Any'],
  ['confirmed', 'Confirmed (reverted later)'],
  ['unconfirmed', 'Not reverted'],
] as const;

/**
 * Suspect revisions: Okapi's score, the features that raised it, a diff against the previous
 * revision, and whether a later identity revert confirmed the flag.
 */
export function FlaggedView({ params }: { params: URLSearchParams }) {
  const wiki = params.get('wiki') ?? '';
  const status = params.get('status') ?? 'any';
  const overview = useOverview();
  const q = new URLSearchParams({ status, limit: '100', ...(wiki ? { wiki } : {}) });
  const flagged = useJson<FlaggedRevision[]>(`/v2/console/flagged?${q}`, 15_000);
  const go = (patch: Record<string, string>) => {
    location.hash = routeHref('flagged', { wiki, status, ...patch });
  };
  const list = flagged.data ?? [];
  const confirmed = list.filter((r) => r.reverted_by).length;
  return (
    <section>
      <PageHeader title="Flagged edits">
        <span class="muted">
          {list.length} shown · {confirmed} confirmed by a revert
        </span>
      </PageHeader>
      <form class="toolbar" aria-label="Flagged edit filters" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Project"
          value={wiki}
          all="All projects"
          options={wikisOf(overview.data)}
          onChange={(v) => go({ wiki: v })}
        />
        <FilterSelect label="Revert" value={status} options={REVERT_STATUSES} onChange={(v) => go({ status: v })} />
      </form>
      <Listing loaded={flagged} empty={`No flagged edits${wiki ? ` on ${wiki}` : ''}.`}>
        {(revisions) => (
          <ul class="cards" aria-label="Flagged edits, newest first">
            {revisions.map((r) => (
              <FlaggedCard key={`${r.wiki}-${r.revision_id}`} rev={r} />
            ))}
          </ul>
        )}
      </Listing>
    </section>
  );
}

function FlaggedCard({ rev }: { rev: FlaggedRevision }) {
  const [open, setOpen] = useState(false);
  const diffId = `diff-${rev.wiki}-${rev.revision_id}`;
  const name = rev.current_name ?? rev.title;
  return (
    <li class="card flagged-card">
      <div class="card-head">
        <ScoreBar probability={rev.score.probability} suspect />
        <a class="card-title" href={articleHref(name, rev.wiki, rev.revision_id)}>
          {rev.title}
        </a>
        <Badge kind="wiki">{rev.wiki}</Badge>
        <span class="muted">
          r{rev.revision_id} · {shortTime(rev.timestamp)} ·{' '}
          {rev.delta === undefined ? '? bytes (size unknown)' : `${signed(rev.delta)} bytes`}
        </span>
      </div>
      <div class="card-body">
        <div>
          <span class="muted">Editor </span>
          {rev.editor.name ?? 'hidden'}
          {rev.editor.is_anonymous && <span class="muted"> (anonymous)</span>}
          {rev.editor.is_bot && <span class="muted"> (bot)</span>}
        </div>
        {rev.comment && <div class="clamp">“{rev.comment}”</div>}
        <div class="reasons" aria-label="Reasons for the score">
          {rev.score.reasons.length === 0 ? (
            <span class="muted">no reasons recorded</span>
          ) : (
            rev.score.reasons.map((r) => (
              <span key={r} class="chip">
                {r}
              </span>
            ))
          )}
        </div>
        <div>
          {rev.reverted_by ? (
            <Badge kind="confirmed">
              Confirmed: reverted by r{rev.reverted_by.revision_id} after{' '}
              {duration(Date.parse(rev.reverted_by.timestamp) - Date.parse(rev.timestamp))}
            </Badge>
          ) : (
            <Badge kind="pending">Not reverted (yet)</Badge>
          )}
        </div>
      </div>
      <button
        type="button"
        class="button small"
        aria-expanded={open}
        aria-controls={diffId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide diff' : 'Show diff'}
      </button>
      {open && (
        <div id={diffId}>
          <DiffView wiki={rev.wiki} pageId={rev.page_id} to={rev.revision_id} />
        </div>
      )}
    </li>
  );
}
