import { PageEvent, pageDecider, pageStream, RecordedEvent, toArticles, toOffset } from '@okapi/domain';
import { ArticleDocument } from '../views/article.rows';
import { articleRows, ArticleRows, ProjectionStep } from '../views/article-batch-plan';
import { RevisionRow } from '../views/revision.rows';
import { indexRevisionRows, revisionRows } from '../views/revisions.projection';
import { revisionKey } from '../views/revision.rows';

/** Records events as the store would (offsets 1, 2, ...) and folds page states, for given/when/then. */
export function record(events: readonly PageEvent[]): ProjectionStep[] {
  const states = new Map<string, ReturnType<typeof pageDecider.initialState>>();
  const revisions = new Map<string, number>();
  return events.map((event, i) => {
    const stream = pageStream(event.data.wiki, event.data.pageId);
    const before = states.get(stream) ?? pageDecider.initialState();
    const after = pageDecider.evolve(before, event);
    states.set(stream, after);
    const streamRevision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, streamRevision);
    const recorded = { ...event, offset: toOffset(i + 1), stream, streamRevision, recordedAt: 0 } as RecordedEvent;
    return { event: recorded, before, after };
  });
}

/** The real WME mapper's announcement, reduced to what specs look at (name, revision, type). */
export const docOf = (step: ProjectionStep): ArticleDocument | undefined => {
  const article = toArticles(step.after, step.event).at(0);
  if (!article) return undefined;
  const type = article.event?.type ?? 'update';
  const doc = {
    name: article.name,
    rev: article.version.identifier,
    type,
    deleted: type === 'delete',
    at: Number(step.event.offset),
  };
  return { json: JSON.stringify(doc), eventType: type };
};

/**
 * `given(history).when(events).then...`: the history is projected in one batch, `when` in the next
 * (like a runner crossing a batch boundary), and the assertions look at the second batch's rows.
 */
export function given(...history: PageEvent[]) {
  return {
    when(...events: PageEvent[]): { steps: ProjectionStep[]; articles: ArticleRows; revisions: RevisionRow[] } {
      const steps = record([...history, ...events]);
      const earlier = steps.slice(0, history.length);
      const now = steps.slice(history.length);
      const index = new Map<string, RevisionRow>();
      const lookup = (w: string, p: number, r: number): RevisionRow | undefined => index.get(revisionKey(w, p, r));
      for (const s of earlier) indexRevisionRows(index, revisionRows(s.event, Number(s.event.offset), lookup));
      const revisions: RevisionRow[] = [];
      for (const s of now) {
        const rows = revisionRows(s.event, Number(s.event.offset), lookup);
        indexRevisionRows(index, rows);
        revisions.push(...rows);
      }
      return { steps: now, articles: articleRows(now, docOf), revisions };
    },
  };
}
