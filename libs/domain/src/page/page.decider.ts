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
 * - Delete / restore / move are idempotent under in-order redelivery (see page-actions.ts): one
 *   older than the page's latest applied action, or equal in time and kind to one applied at that
 *   instant, is a no-op. Also no-ops: delete of a deleted page or older than the current revision,
 *   restore of a live page, move to the title the page already has, move of a page never seen and
 *   without `from*` (nothing known to move).
 * - Identity revert: see revert/identity-revert.ts. A sha1 equal to the current revision's is a
 *   null/dummy revision, not a revert. `RevisionCreated` comes first, then `RevisionsReverted`.
 * - Visibility change: a no-op when the revision's visibility already equals the requested one,
 *   for any revision (PageState.revisionVisibility), and when it is older than (or at the same
 *   instant as, with the same flags) the latest change applied to that revision: a redelivered
 *   hide after an un-hide does not hide again. A change for a revision the page has not recorded
 *   (yet) is recorded, and remembered: when that revision arrives later (a dump older than the
 *   suppression), it is recorded hidden. Un-hiding a revision never seen hidden is a no-op.
 * - Redirects: recorded like any revision (`isRedirect`); the WME mapping and the views treat a
 *   page whose current revision is a redirect as no article (wme/article-announcement.ts).
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
import { PageEvent } from '../events/page.events';
import { detectIdentityRevert } from '../revert/identity-revert';
import { RevisionScorer, scoreRevision } from '../scoring/revert-risk-scorer';
import { evolve, evolveWithoutScoring } from './page-evolve';
import { DELETE_KEY, isRepeatedAction, moveKey, RESTORE_KEY } from './page-actions';
import { compareRevisions, compareTimestamps, initialPageState, PageState } from './page.state';
import { revisionData } from './revision-data';
import { isRepeatedChange, sameVisibility, visibilityOf } from './revision-visibility';

export { evolve } from './page-evolve';
export { VISIBLE } from './revision-visibility';

export interface DecideOptions {
  /** Probability at or above which a revision is flagged `suspect` (default: the scorer's own threshold). */
  readonly suspectThreshold?: number;
  /** Default: the learned revert-risk model (scoring/revert-risk-scorer.ts). */
  readonly scorer?: RevisionScorer;
}

export function decide(command: PageCommand, state: PageState, options: DecideOptions = {}): PageEvent[] {
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

/**
 * The page decider for readers that fold states only to assemble Articles (projections): the same
 * states without the scoring history, which only `decide` reads. Never decide with its states.
 */
export const articleReaderDecider = { ...pageDecider, evolve: evolveWithoutScoring };

function recordRevision(c: RecordRevision, state: PageState, options: DecideOptions): PageEvent[] {
  if (state.revisionIds.has(c.revisionId)) return [];
  const events: PageEvent[] = [];
  if (state.deleted && isAfter(c.timestamp, state.deletedAt)) {
    events.push({
      type: 'PageRestored',
      data: {
        wiki: c.wiki,
        pageId: c.pageId,
        namespace: c.namespace,
        title: c.title,
        timestamp: c.timestamp,
        revisionId: c.revisionId,
        source: c.source,
        receivedAt: c.receivedAt,
      },
    });
  }
  const isLatest = !state.current || compareRevisions(state.current, c) < 0;
  const revert = isLatest ? detectIdentityRevert(state.recent, c.sha1) : undefined;
  const score = (options.scorer ?? scoreRevision)(state, c, revert, options);
  const before = isLatest ? state.current : predecessor(state, c);
  const data = revisionData(c, state, score, isLatest, before);
  events.push({ type: 'RevisionCreated', data });
  if (revert) {
    events.push({
      type: 'RevisionsReverted',
      data: {
        wiki: c.wiki,
        pageId: c.pageId,
        revertingRevisionId: c.revisionId,
        ...revert,
        timestamp: c.timestamp,
        receivedAt: c.receivedAt,
      },
    });
  }
  return events;
}

/** For a late revision: the newest known revision older than it (from the recent window). */
function predecessor(state: PageState, c: RecordRevision): { size?: number; revisionId: number } | undefined {
  let found: { size?: number; revisionId: number } | undefined;
  for (const r of state.recent) if (compareRevisions(r, c) < 0) found = r;
  return found;
}

function deletePage(c: DeletePage, state: PageState): PageEvent[] {
  if (state.deleted || isRepeatedAction(state.pageActions, c.timestamp, DELETE_KEY)) return [];
  if (isBefore(c.timestamp, state.restoredAt) || isBefore(c.timestamp, state.current?.timestamp)) return [];
  const { type: _type, ...data } = c;
  return [{ type: 'PageDeleted', data: withoutUndefined(data) }];
}

function movePage(c: MovePage, state: PageState): PageEvent[] {
  // A page known only from a visibility change has no title yet: nothing known to move from.
  const named = state.exists && state.title !== '';
  const fromNamespace = c.fromNamespace ?? (named ? state.namespace : undefined);
  const fromTitle = c.fromTitle ?? (named ? state.title : undefined);
  if (fromNamespace === undefined || fromTitle === undefined) return [];
  if (named && state.namespace === c.toNamespace && state.title === c.toTitle) return [];
  if (!named && fromNamespace === c.toNamespace && fromTitle === c.toTitle) return [];
  if (isBefore(c.timestamp, state.movedAt)) return [];
  if (isRepeatedAction(state.pageActions, c.timestamp, moveKey(c.toNamespace, c.toTitle))) return [];
  const { type: _type, ...rest } = c;
  return [{ type: 'PageMoved', data: withoutUndefined({ ...rest, fromNamespace, fromTitle }) }];
}

function restorePage(c: RestorePage, state: PageState): PageEvent[] {
  if (state.exists && !state.deleted) return [];
  if (isBefore(c.timestamp, state.deletedAt) || isRepeatedAction(state.pageActions, c.timestamp, RESTORE_KEY))
    return [];
  const { type: _type, ...data } = c;
  return [{ type: 'PageRestored', data: withoutUndefined(data) }];
}

function changeVisibility(c: ChangeRevisionVisibility, state: PageState): PageEvent[] {
  if (isRepeatedChange(state.revisionVisibility.get(c.revisionId), c.timestamp, c.visibility)) return [];
  if (sameVisibility(visibilityOf(state, c.revisionId), c.visibility)) return [];
  const { type: _type, ...data } = c;
  return [{ type: 'RevisionVisibilityChanged', data }];
}

function assertSamePage(c: PageCommand, state: PageState): void {
  if (state.exists && (c.wiki !== state.wiki || c.pageId !== state.pageId)) {
    throw new Error(`command for ${c.wiki}/${c.pageId} applied to page ${state.wiki}/${state.pageId}`);
  }
}

function isAfter(ts: string, than: string | undefined): boolean {
  return than === undefined || compareTimestamps(ts, than) > 0;
}

function isBefore(ts: string, than: string | undefined): boolean {
  return than !== undefined && compareTimestamps(ts, than) < 0;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function assertNever(x: never): never {
  throw new Error(`unhandled page command: ${JSON.stringify(x)}`);
}
