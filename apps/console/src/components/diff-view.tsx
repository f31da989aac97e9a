import type { RevisionDiff, RevisionSide } from '@okapi/console-contract';
import { shortTime } from '../lib/format';
import { useJson } from '../lib/use-json';
import { ErrorBox, Loading } from './common';

interface DiffProps {
  readonly wiki: string;
  readonly pageId: number;
  readonly to: number;
  /** Default: the parent of `to`. */
  readonly from?: number;
}

/** A unified line diff of two revisions' wikitext (from `/v2/console/pages/.../diff`). */
export function DiffView({ wiki, pageId, to, from }: DiffProps) {
  const q = new URLSearchParams({ to: String(to), ...(from !== undefined ? { from: String(from) } : {}) });
  const diff = useJson<RevisionDiff>(`/v2/console/pages/${encodeURIComponent(wiki)}/${pageId}/diff?${q}`);
  if (diff.error) return <ErrorBox error={diff.error} />;
  if (!diff.data) return <Loading what="Computing the diff" />;
  const d = diff.data;
  return (
    <div class="diff" data-testid="diff">
      <div class="diff-sides">
        <Side label="Older" side={d.from} />
        <Side label="Newer" side={d.to} />
      </div>
      <DiffBody diff={d} />
    </div>
  );
}

function Side({ label, side }: { label: string; side?: RevisionSide }) {
  return (
    <div class="diff-side">
      <div class="muted">{label}</div>
      {side ? (
        <>
          <strong>r{side.revision_id}</strong> · {shortTime(side.timestamp)} · {side.editor ?? 'editor hidden'}
          {side.comment && <div class="muted clamp">“{side.comment}”</div>}
        </>
      ) : (
        <span>(page created: compared with an empty page)</span>
      )}
    </div>
  );
}

function DiffBody({ diff }: { diff: RevisionDiff }) {
  if (diff.to.text_hidden || diff.from?.text_hidden) return <p class="notice">The text of one revision is hidden.</p>;
  if (!diff.diff) return <p class="notice">The text of one revision is not available.</p>;
  if ('too_large' in diff.diff) return <p class="notice">The change is too large to diff here.</p>;
  if (diff.diff.hunks.length === 0) return <p class="muted">No change in the text.</p>;
  return (
    <div class="diff-hunks" role="table" aria-label="Changed lines">
      {diff.diff.hunks.map((h, i) => (
        <div key={i} class="hunk" role="rowgroup">
          <div class="hunk-head" role="row">
            <span role="cell">
              @@ −{h.old_start},{h.old_lines} +{h.new_start},{h.new_lines} @@
            </span>
          </div>
          {h.lines.map((line, j) => {
            const kind = line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : 'ctx';
            return (
              <div key={j} class={`line ${kind}`} role="row">
                <span
                  class="sign"
                  role="cell"
                  aria-label={kind === 'add' ? 'added' : kind === 'del' ? 'removed' : 'unchanged'}
                >
                  {line[0] === ' ' ? '' : line[0]}
                </span>
                <span class="text" role="cell">
                  {line.slice(1)}
                </span>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
