/**
 * The page decider: one aggregate per page (`page-{wiki}-{pageId}`).
 *
 * Decisions (the issue asked for them to be written down):
 * - Idempotent by revision id: a revision already recorded yields no events.
 * - Out of order: an older revision arriving after a newer one is recorded with `isLatest=false`;
 *   `current` never goes backwards. It is not checked for identity reverts (its window is unknown).
 * - Revision on a deleted page: if it is newer than the deletion, the page was undeleted upstream
 *   (MediaWiki cannot edit a deleted page) and we missed that event, so `PageRestored` is emitted
 *   first, then `RevisionCreated`. An older revision is just recorded; the page stays deleted.
 * - Delete of a deleted page, or a delete older than the last restore / current revision
 *   (redelivery), is a no-op. Restore of a page that is not deleted is a no-op.
 * - Move to the title the page already has, or a move older than the last applied move, is a no-op.
 *   A move of a page never seen and without `from*` is a no-op (nothing known to move).
 * - Identity revert: see revert/identity-revert.ts. A sha1 equal to the current revision's is a
 *   null/dummy revision, not a revert. `RevisionCreated` comes first, then `RevisionsReverted`.
 * - Visibility change: no-op when it targets the current revision and changes nothing.
 * - A command for another wiki/page than the state's is a routing bug: it throws.
 */
import {
  ChangeRevisionVisibility,
  DeletePage,
  MovePage,
  PageCommand,
  RecordRevision,
  RestorePage,
} from '../commands/page.commands';
import { PageEvent, RevisionCreatedData, Visibility } from '../events/page.events';
import { detectIdentityRevert } from '../revert/identity-revert';
import { scoreRevision } from '../scoring/vandalism.scorer';
import { evolve } from './page.evolve';
import { compareRevisions, initialPageState, PageState } from './page.state';

export { evolve } from './page.evolve';

export interface DecideOptions {
  /** Vandalism probability at or above which a revision is flagged `suspect`. */
  readonly suspectThreshold: number;
}

export const VISIBLE: Visibility = { text: true, editor: true, comment: true };

export function decide(command: PageCommand, state: PageState, options: DecideOptions): PageEvent[] {
  assertSamePage(command, state);
  switch (command.type) {
    case 'RecordRevision':
      return recordRevision(command, state, options);
    case 'DeletePage':
      return deletePage(command, state);
    case 'MovePage':
      return movePage(command, state);
    case 'RestorePage':
      return restorePage(command, state);
    case 'ChangeRevisionVisibility':
      return changeVisibility(command, state);
    default:
      return assertNever(command);
  }
}

export const pageDecider = { decide, evolve, initialState: initialPageState };

function recordRevision(c: RecordRevision, state: PageState, options: DecideOptions): PageEvent[] {
  if (state.revisionIds.has(c.revisionId)) return [];
  const events: PageEvent[] = [];
  if (state.deleted && isAfter(c.timestamp, state.deletedAt)) {
    events.push({ type: 'PageRestored', data: { wiki: c.wiki, pageId: c.pageId, namespace: c.namespace, title: c.title, timestamp: c.timestamp, revisionId: c.revisionId, source: c.source, receivedAt: c.receivedAt } });
  }
  const isLatest = !state.current || compareRevisions(state.current, c) < 0;
  const revert = isLatest ? detectIdentityRevert(state.recent, c.sha1) : undefined;
  const score = scoreRevision(state, c, revert, options);
  const before = isLatest ? state.current : predecessor(state, c);
  const data: RevisionCreatedData = {
    ...revisionFields(c),
    score,
    flag: score.prediction ? 'suspect' : 'ok',
    isLatest,
    ...(before ? { previousSize: before.size, previousRevisionId: before.revisionId } : {}),
  };
  events.push({ type: 'RevisionCreated', data });
  if (revert) {
    events.push({ type: 'RevisionsReverted', data: { wiki: c.wiki, pageId: c.pageId, revertingRevisionId: c.revisionId, ...revert, timestamp: c.timestamp, receivedAt: c.receivedAt } });
  }
  return events;
}

/** The command's revision fields, copied without `type` and without undefined keys. */
function revisionFields(c: RecordRevision): Omit<RevisionCreatedData, 'score' | 'flag' | 'isLatest'> {
  const { type: _type, visibility, ...rest } = c;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...(defined as typeof rest), visibility: visibility ?? VISIBLE };
}

/** For a late revision: the newest known revision older than it (from the recent window). */
function predecessor(state: PageState, c: RecordRevision): { size: number; revisionId: number } | undefined {
  let found: { size: number; revisionId: number } | undefined;
  for (const r of state.recent) if (compareRevisions(r, c) < 0) found = r;
  return found;
}

function deletePage(c: DeletePage, state: PageState): PageEvent[] {
  if (state.deleted) return [];
  if (isBefore(c.timestamp, state.restoredAt) || isBefore(c.timestamp, state.current?.timestamp)) return [];
  const { type: _type, ...data } = c;
  return [{ type: 'PageDeleted', data: withoutUndefined(data) }];
}

function movePage(c: MovePage, state: PageState): PageEvent[] {
  const fromNamespace = c.fromNamespace ?? (state.exists ? state.namespace : undefined);
  const fromTitle = c.fromTitle ?? (state.exists ? state.title : undefined);
  if (fromNamespace === undefined || fromTitle === undefined) return [];
  if (state.exists && state.namespace === c.toNamespace && state.title === c.toTitle) return [];
  if (!state.exists && fromNamespace === c.toNamespace && fromTitle === c.toTitle) return [];
  if (isBefore(c.timestamp, state.movedAt)) return [];
  const { type: _type, ...rest } = c;
  return [{ type: 'PageMoved', data: withoutUndefined({ ...rest, fromNamespace, fromTitle }) }];
}

function restorePage(c: RestorePage, state: PageState): PageEvent[] {
  if (state.exists && !state.deleted) return [];
  if (isBefore(c.timestamp, state.deletedAt)) return [];
  const { type: _type, ...data } = c;
  return [{ type: 'PageRestored', data: withoutUndefined(data) }];
}

function changeVisibility(c: ChangeRevisionVisibility, state: PageState): PageEvent[] {
  const v = state.current?.revisionId === c.revisionId ? state.current.visibility : undefined;
  if (v && v.text === c.visibility.text && v.editor === c.visibility.editor && v.comment === c.visibility.comment) return [];
  const { type: _type, ...data } = c;
  return [{ type: 'RevisionVisibilityChanged', data }];
}

function assertSamePage(c: PageCommand, state: PageState): void {
  if (state.exists && (c.wiki !== state.wiki || c.pageId !== state.pageId)) {
    throw new Error(`command for ${c.wiki}/${c.pageId} applied to page ${state.wiki}/${state.pageId}`);
  }
}

function isAfter(ts: string, than: string | undefined): boolean {
  return than === undefined || Date.parse(ts) > Date.parse(than);
}

function isBefore(ts: string, than: string | undefined): boolean {
  return than !== undefined && Date.parse(ts) < Date.parse(than);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function assertNever(x: never): never {
  throw new Error(`unhandled page command: ${JSON.stringify(x)}`);
}
