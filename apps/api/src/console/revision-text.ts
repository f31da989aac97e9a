import {
  EventStore,
  evolve,
  initialPageState,
  PageState,
  RecordedEvent,
  RevisionCreatedData,
  StreamName,
} from '@okapi/domain';
import type { RevisionSide } from '@okapi/console-contract';

export interface PageRevisions {
  /** The side for a revision id, or undefined when the page never recorded it. */
  side(revisionId: number): RevisionSide | undefined;
}

/**
 * Reads a page's events once: every RevisionCreated by id, with the visibility the page knows
 * *now* (a later suppression hides an old text), narrowed by what the revision was recorded with.
 */
export function pageRevisions(events: readonly RecordedEvent[]): PageRevisions {
  const created = new Map<number, RevisionCreatedData>();
  for (const e of events) if (e.type === 'RevisionCreated') created.set(e.data.revisionId, e.data);
  return sides(created, events.reduce(evolve, initialPageState()));
}

/** Events read at once: at most 64 MB of text even at MediaWiki's 2 MiB a revision. */
const WINDOW = 32;

/**
 * `pageRevisions` for the `wanted` revisions only, from the store window by window: a page's
 * history can hold thousands of full revisions (gigabytes together), and only the state and the
 * wanted revisions' data are kept, never the whole stream.
 */
export async function readPageRevisions(
  store: EventStore,
  stream: StreamName,
  wanted: readonly number[],
): Promise<PageRevisions> {
  const keep = new Set(wanted);
  const created = new Map<number, RevisionCreatedData>();
  let state = initialPageState();
  for (let from = 0; ; from += WINDOW) {
    const window = await store.readStream(stream, { fromRevision: from, toRevision: from + WINDOW - 1 });
    for (const e of window) {
      if (e.type === 'RevisionCreated' && keep.has(e.data.revisionId)) created.set(e.data.revisionId, e.data);
      state = evolve(state, e);
    }
    if (window.length < WINDOW) break;
  }
  return sides(created, state);
}

function sides(created: ReadonlyMap<number, RevisionCreatedData>, state: PageState): PageRevisions {
  return {
    side(revisionId) {
      const data = created.get(revisionId);
      if (!data) return undefined;
      const now = state.revisionVisibility.get(revisionId)?.visibility;
      const textVisible = data.visibility.text && (now?.text ?? true);
      const editorVisible = data.visibility.editor && (now?.editor ?? true);
      const commentVisible = data.visibility.comment && (now?.comment ?? true);
      return {
        revision_id: data.revisionId,
        ...(data.parentId ? { parent_id: data.parentId } : {}),
        title: data.title,
        timestamp: data.timestamp,
        ...(editorVisible && data.editor.name !== undefined ? { editor: data.editor.name } : {}),
        ...(commentVisible && data.comment !== undefined ? { comment: data.comment } : {}),
        ...(data.size !== undefined ? { size: data.size } : {}),
        ...(textVisible && data.text !== undefined ? { text: data.text } : {}),
        text_hidden: !textVisible,
      };
    },
  };
}
