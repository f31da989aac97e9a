import { PageEvent, RevisionCreatedData, RevisionVisibilityChangedData } from '../events/page.events';
import { textCodePoints } from './code-points';
import { DELETE_KEY, moveKey, RESTORE_KEY, withAction } from './page-actions';
import {
  compareRevisions,
  compareTimestamps,
  earlierOf,
  laterOf,
  PageState,
  RECENT_WINDOW,
  RevisionSummary,
} from './page.state';
import { withRevert, withRevision } from '../scoring/scoring-history';
import { isFullyVisible, withChange, withRecordedHidden } from './revision-visibility';
import { withRevisionId } from './revision-id-set';

interface PageIdentity {
  readonly wiki: string;
  readonly pageId: number;
  readonly namespace: number;
  readonly title: string;
}

/** Applies one event; returns a new state and never mutates `state`. */
export function evolve(state: PageState, event: PageEvent): PageState {
  return evolveWith(state, event, true);
}

/**
 * `evolve` without `scoring`, the history the decider scores the next revision against: for a
 * reader that only assembles Articles (the projection runner), which never reads it and so skips
 * its cost, a text diff of every revision against the one before. Never decide on such a state.
 */
export function evolveWithoutScoring(state: PageState, event: PageEvent): PageState {
  return evolveWith(state, event, false);
}

function evolveWith(state: PageState, event: PageEvent, scoring: boolean): PageState {
  switch (event.type) {
    case 'RevisionCreated':
      return evolveRevision(state, event.data, scoring);
    case 'PageDeleted': {
      const d = event.data;
      return {
        ...identified(state, d),
        deleted: true,
        deletedAt: laterOf(state.deletedAt, d.timestamp),
        pageActions: withAction(state.pageActions, d.timestamp, DELETE_KEY),
        lastEventAt: laterOf(state.lastEventAt, d.timestamp),
      };
    }
    case 'PageMoved': {
      const d = event.data;
      return {
        ...identified(state, { wiki: d.wiki, pageId: d.pageId, namespace: d.fromNamespace, title: d.fromTitle }),
        namespace: d.toNamespace,
        title: d.toTitle,
        movedAt: laterOf(state.movedAt, d.timestamp),
        pageActions: withAction(state.pageActions, d.timestamp, moveKey(d.toNamespace, d.toTitle)),
        lastEventAt: laterOf(state.lastEventAt, d.timestamp),
      };
    }
    case 'PageRestored': {
      const d = event.data;
      return {
        ...identified(state, d),
        namespace: d.namespace,
        title: d.title,
        deleted: false,
        restoredAt: laterOf(state.restoredAt, d.timestamp),
        pageActions: withAction(state.pageActions, d.timestamp, RESTORE_KEY),
        lastEventAt: laterOf(state.lastEventAt, d.timestamp),
      };
    }
    case 'RevisionVisibilityChanged':
      return evolveVisibility(state, event.data);
    case 'RevisionsReverted':
      return {
        ...state,
        exists: true,
        lastEventAt: laterOf(state.lastEventAt, event.data.timestamp),
        scoring: scoring
          ? withRevert(state.scoring, event.data, (id) => state.recent.find((r) => r.revisionId === id))
          : state.scoring,
      };
    default:
      return assertNever(event);
  }
}

/** The state with its identity set by the first event that names the page (a copy either way). */
function identified(state: PageState, id: PageIdentity): PageState {
  if (state.exists && state.title !== '') return { ...state };
  // A visibility change may come first and carries no title: the next titled event names the page.
  return { ...state, exists: true, wiki: id.wiki, pageId: id.pageId, namespace: id.namespace, title: id.title };
}

function evolveVisibility(state: PageState, d: RevisionVisibilityChangedData): PageState {
  const next: PageState = {
    ...state,
    exists: true,
    wiki: state.exists ? state.wiki : d.wiki,
    pageId: state.exists ? state.pageId : d.pageId,
    revisionVisibility: withChange(state.revisionVisibility, d.revisionId, d.visibility, d.timestamp),
    lastEventAt: laterOf(state.lastEventAt, d.timestamp),
  };
  if (state.current?.revisionId !== d.revisionId) return next;
  // Text stays in state so a later un-hide can show it again; the mapper omits hidden parts.
  return { ...next, current: { ...state.current, visibility: d.visibility } };
}

function evolveRevision(state: PageState, d: RevisionCreatedData, scoring: boolean): PageState {
  const recent = insertRecent(state.recent, summarize(d));
  const current = d.isLatest ? d : state.current;
  const named = state.exists && state.title !== '';
  // A move newer than this revision wins: the revision carries the title it was saved under.
  const movedLater = state.movedAt !== undefined && compareTimestamps(state.movedAt, d.timestamp) > 0;
  const retitle = !named || (d.isLatest && !movedLater);
  const createsPage = !d.parentId && d.source !== 'snapshot';
  return {
    ...state,
    exists: true,
    wiki: named ? state.wiki : d.wiki,
    pageId: named ? state.pageId : d.pageId,
    namespace: retitle ? d.namespace : state.namespace,
    title: retitle ? d.title : state.title,
    current,
    previous: previousOf(recent, current) ?? state.previous,
    recent,
    revisionIds: withRevisionId(state.revisionIds, d.revisionId),
    revisionVisibility: isFullyVisible(d.visibility)
      ? state.revisionVisibility
      : withRecordedHidden(state.revisionVisibility, d.revisionId, d.visibility),
    revisionCount: state.revisionCount + 1,
    dateCreated: earlierOf(state.dateCreated, d.timestamp),
    createdAt: createsPage ? earlierOf(state.createdAt, d.timestamp) : state.createdAt,
    lastEventAt: laterOf(state.lastEventAt, d.timestamp),
    scoring: scoring ? withRevision(state.scoring, d, state.current?.text) : state.scoring,
  };
}

export function summarize(d: RevisionCreatedData): RevisionSummary {
  const characters = textCodePoints(d) ?? d.enrichment?.numberOfCharacters;
  const s: { -readonly [K in keyof RevisionSummary]: RevisionSummary[K] } = {
    revisionId: d.revisionId,
    timestamp: d.timestamp,
    editor: d.editor,
  };
  if (d.size !== undefined) s.size = d.size;
  if (d.sha1 !== undefined) s.sha1 = d.sha1;
  if (characters !== undefined) s.characters = characters;
  if (d.isRedirect) s.isRedirect = true;
  return s;
}

/** Inserts in (timestamp, id) order and keeps the newest RECENT_WINDOW entries: one copy. */
function insertRecent(recent: readonly RevisionSummary[], s: RevisionSummary): readonly RevisionSummary[] {
  let at = recent.length;
  while (at > 0 && compareRevisions(recent[at - 1], s) > 0) at--;
  const drop = recent.length + 1 > RECENT_WINDOW ? recent.length + 1 - RECENT_WINDOW : 0;
  if (at < drop) return recent; // older than the whole window: nothing in it changes
  const next: RevisionSummary[] = [];
  for (let i = drop; i < at; i++) next.push(recent[i]);
  next.push(s);
  for (let i = at; i < recent.length; i++) next.push(recent[i]);
  return next;
}

function previousOf(
  recent: readonly RevisionSummary[],
  current: RevisionCreatedData | undefined,
): RevisionSummary | undefined {
  if (!current) return undefined;
  for (let at = recent.length - 1; at > 0; at--)
    if (recent[at].revisionId === current.revisionId) return recent[at - 1];
  return undefined;
}

function assertNever(x: never): never {
  throw new Error(`unhandled page event: ${JSON.stringify(x)}`);
}
