import { useState } from 'preact/hooks';
import type { ConsoleRevision } from '@okapi/console-contract';
import { Badge, ErrorBox, Loading, ScoreBar } from '../components/common';
import { DiffView } from '../components/diff-view';
import { DataTable } from '../components/data-table';
import { shortTime, signed } from '../lib/format';
import { articleHref } from '../lib/route';
import { useJson } from '../lib/use-json';

interface HistoryProps {
  readonly wiki: string;
  readonly pageId: number;
  readonly name: string;
  /** The revision the article view shows. */
  readonly current?: number;
}

/** A page's revisions (newest first): open any of them (time travel), or diff two. */
export function RevisionHistory({ wiki, pageId, name, current }: HistoryProps) {
  const history = useJson<ConsoleRevision[]>(
    `/v2/console/pages/${encodeURIComponent(wiki)}/${pageId}/revisions?limit=200`,
  );
  const [older, setOlder] = useState<number>();
  const [newer, setNewer] = useState<number>();
  const [compare, setCompare] = useState<{ from: number; to: number }>();
  if (history.error) return <ErrorBox error={history.error} />;
  if (!history.data) return <Loading what="Loading the history" />;
  const revs = history.data;
  const a = older ?? revs.at(1)?.revision_id;
  const b = newer ?? revs.at(0)?.revision_id;
  return (
    <div class="history">
      <form
        class="toolbar"
        aria-label="Compare revisions"
        onSubmit={(e) => {
          e.preventDefault();
          if (a !== undefined && b !== undefined) setCompare({ from: a, to: b });
        }}
      >
        <p class="muted grow">
          {revs.length} revision{revs.length === 1 ? '' : 's'}, newest first. Pick an older (A) and a newer (B) one to
          compare.
        </p>
        <button class="button" type="submit" disabled={a === undefined || b === undefined || a === b}>
          Compare A → B
        </button>
      </form>
      {compare && <DiffView wiki={wiki} pageId={pageId} from={compare.from} to={compare.to} />}
      <DataTable
        className="history-table"
        label="Revision history"
        columns={['A', 'B', 'Revision', 'Time', 'Editor', ['Δ bytes', 'num'], 'Score', 'Comment']}
      >
        {revs.map((r) => (
          <tr key={r.revision_id} class={r.revision_id === current ? 'is-current' : ''}>
            <PickCell side="older" label="Compare from" revision={r.revision_id} picked={a} onPick={setOlder} />
            <PickCell side="newer" label="Compare to" revision={r.revision_id} picked={b} onPick={setNewer} />
            <td>
              <a href={articleHref(name, wiki, r.revision_id)} aria-label={`View revision ${r.revision_id}`}>
                r{r.revision_id}
              </a>
              {r.revision_id === current && <span class="muted"> (shown)</span>}
            </td>
            <td>{shortTime(r.timestamp)}</td>
            <td>{r.editor.name ?? <span class="muted">hidden</span>}</td>
            <td class="num">{r.delta === undefined ? '?' : signed(r.delta)}</td>
            <td>
              <ScoreBar probability={r.score.probability} suspect={r.flag === 'suspect'} />
              {r.reverted_by && <Badge kind="confirmed">reverted</Badge>}
              {r.restores_revision_id !== undefined && <Badge kind="pending">revert</Badge>}
            </td>
            <td class="comment-cell">
              <div class="clamp">{r.comment}</div>
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

interface PickCellProps {
  readonly side: 'older' | 'newer';
  readonly label: string;
  readonly revision: number;
  readonly picked?: number;
  readonly onPick: (revision: number) => void;
}

/** A row's radio for one end (A, the older; B, the newer) of the comparison. */
function PickCell({ side, label, revision, picked, onPick }: PickCellProps) {
  return (
    <td>
      <input
        type="radio"
        name={side}
        aria-label={`${label} r${revision}`}
        checked={picked === revision}
        onChange={() => onPick(revision)}
      />
    </td>
  );
}
