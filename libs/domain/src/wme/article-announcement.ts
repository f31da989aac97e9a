import { PageEvent, RevisionCreatedData } from '../events/page.events';
import { PageState } from '../page/page.state';
import { ArticleEventType } from './article-types';

/**
 * The WME event type of the page's own Article for `event` (`state`: the page AFTER it), or
 * undefined when the event announces nothing. Builds nothing, so the views can ask it for every
 * event and build documents only for the ones that change an Article (see article.mapper.ts).
 */
export function announcedEventType(state: PageState, event: PageEvent): ArticleEventType | undefined {
  switch (event.type) {
    case 'RevisionCreated':
      return revisionEventType(state, event.data);
    case 'PageDeleted':
      return isRedirectPage(state) ? undefined : 'delete';
    case 'PageMoved':
      return isRedirectPage(state) ? undefined : 'move';
    case 'PageRestored':
      return isRedirectPage(state) ? undefined : 'create';
    case 'RevisionVisibilityChanged':
      return state.current?.revisionId === event.data.revisionId && !isRedirectPage(state)
        ? 'visibility-change'
        : undefined;
    case 'RevisionsReverted':
      return undefined;
    default:
      return assertNever(event);
  }
}

/** True when the page's current revision is a redirect: WME does not treat it as an article. */
export function isRedirectPage(state: PageState): boolean {
  return state.current?.isRedirect === true;
}

/**
 * A redirect ends the article only if Okapi knew the page as an article (its previous revision is
 * not a redirect): a page created as a redirect, or a dump's redirect page seen for the first
 * time, announces nothing, so importing ten million redirects sends no deletes. The first article
 * revision after a redirect is a `create` (the title comes back, as after a restore).
 */
function revisionEventType(state: PageState, d: RevisionCreatedData): ArticleEventType | undefined {
  if (!d.isLatest || state.deleted || state.current?.revisionId !== d.revisionId) return undefined;
  if (d.isRedirect) return state.previous !== undefined && !state.previous.isRedirect ? 'delete' : undefined;
  if (state.previous?.isRedirect) return 'create';
  return !d.parentId && d.source !== 'snapshot' && state.previous === undefined ? 'create' : 'update';
}

function assertNever(x: never): never {
  throw new Error(`unhandled page event: ${JSON.stringify(x)}`);
}
