import { PageEvent, RevisionCreatedData } from '../events/page.events';
import { countCodePoints } from './code-points';
import {
  compareRevisions,
  earlierOf,
  laterOf,
  PageState,
  RECENT_WINDOW,
  RevisionSummary,
} from './page.state';
import { withRevisionId } from './revision-id-set';

interface PageIdentity {
  readonly wiki: string;
  readonly pageId: number;
  readonly namespace: number;
  readonly title: string;
}

/** Applies one event; returns a new state and never mutates `state`. */
export function evolve(state: PageState, event: PageEvent): PageState {
  switch (event.type) {
    case 'RevisionCreated':
      return evolveRevision(state, event.data);
    case 'PageDeleted': {
      const d = event.data;
      const next = identify(state, d);
      return { ...next, deleted: true, deletedAt: laterOf(state.deletedAt, d.timestamp), lastEventAt: laterOf(state.lastEventAt, d.timestamp) };
    }
    case 'PageMoved': {
      const d = event.data;
      const next = identify(state, { wiki: d.wiki, pageId: d.pageId, namespace: d.fromNamespace, title: d.fromTitle });
      return { ...next, namespace: d.toNamespace, title: d.toTitle, movedAt: laterOf(state.movedAt, d.timestamp), lastEventAt: laterOf(state.lastEventAt, d.timestamp) };
    }
    case 'PageRestored': {
      const d = event.data;
      const next = identify(state, d);
      return { ...next, namespace: d.namespace, title: d.title, deleted: false, restoredAt: laterOf(state.restoredAt, d.timestamp), lastEventAt: laterOf(state.lastEventAt, d.timestamp) };
    }
    case 'RevisionVisibilityChanged': {
      const d = event.data;
      const next = { ...state, exists: true, lastEventAt: laterOf(state.lastEventAt, d.timestamp) };
      if (state.current?.revisionId !== d.revisionId) return next;
      // Text stays in state so a later un-hide can show it again; the mapper omits hidden parts.
      return { ...next, current: { ...state.current, visibility: d.visibility } };
    }
    case 'RevisionsReverted':
      return { ...state, exists: true, lastEventAt: laterOf(state.lastEventAt, event.data.timestamp) };
    default:
      return assertNever(event);
  }
}

function identify(state: PageState, id: PageIdentity): PageState {
  if (state.exists) return state;
  return { ...state, exists: true, wiki: id.wiki, pageId: id.pageId, namespace: id.namespace, title: id.title };
}

function evolveRevision(state: PageState, d: RevisionCreatedData): PageState {
  const base = identify(state, d);
  const recent = insertRecent(state.recent, summarize(d));
  const current = d.isLatest ? d : state.current;
  // A move newer than this revision wins: the revision carries the title it was saved under.
  const movedLater = state.movedAt !== undefined && Date.parse(state.movedAt) > Date.parse(d.timestamp);
  const titled = d.isLatest && !movedLater ? { namespace: d.namespace, title: d.title } : {};
  const createsPage = !d.parentId && d.source !== 'snapshot';
  return {
    ...base,
    ...titled,
    current,
    previous: previousOf(recent, current) ?? state.previous,
    recent,
    revisionIds: withRevisionId(state.revisionIds, d.revisionId),
    revisionCount: state.revisionCount + 1,
    dateCreated: earlierOf(state.dateCreated, d.timestamp),
    createdAt: createsPage ? earlierOf(state.createdAt, d.timestamp) : state.createdAt,
    lastEventAt: laterOf(state.lastEventAt, d.timestamp),
  };
}

export function summarize(d: RevisionCreatedData): RevisionSummary {
  const characters = d.text !== undefined ? countCodePoints(d.text) : d.enrichment?.numberOfCharacters;
  return {
    revisionId: d.revisionId,
    timestamp: d.timestamp,
    ...(d.sha1 !== undefined ? { sha1: d.sha1 } : {}),
    size: d.size,
    editor: d.editor,
    ...(characters !== undefined ? { characters } : {}),
  };
}

/** Inserts in (timestamp, id) order and keeps the newest RECENT_WINDOW entries. */
function insertRecent(recent: readonly RevisionSummary[], s: RevisionSummary): readonly RevisionSummary[] {
  let at = recent.length;
  while (at > 0 && compareRevisions(recent[at - 1], s) > 0) at--;
  const next = [...recent.slice(0, at), s, ...recent.slice(at)];
  return next.length > RECENT_WINDOW ? next.slice(next.length - RECENT_WINDOW) : next;
}

function previousOf(recent: readonly RevisionSummary[], current: RevisionCreatedData | undefined): RevisionSummary | undefined {
  if (!current) return undefined;
  const at = recent.findIndex((r) => r.revisionId === current.revisionId);
  return at > 0 ? recent[at - 1] : undefined;
}

function assertNever(x: never): never {
  throw new Error(`unhandled page event: ${JSON.stringify(x)}`);
}
