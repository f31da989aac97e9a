import { ChangeRevisionVisibility, Editor, PageCommand, RecordRevision, SourceKind, Visibility } from '@okapi/domain';
import { PageChangeEvent, PageChangeUser } from './page-change-types';

/**
 * Maps one `mediawiki.page_change.v1` event to page commands, after Wikimedia Enterprise's own
 * eventstream-listener (wme-api.md §4.4):
 * - create / edit -> RecordRevision (content joined later from the Action API);
 * - move -> MovePage with the prior title, so views retire the old title (WME: move + delete of
 *   `prior_state`); the redirect left behind (`created_redirect_page`) is not an article: dropped;
 * - delete -> DeletePage; undelete -> RestorePage and RecordRevision of the restored head
 *   (a no-op when that revision is already known);
 * - visibility_change -> ChangeRevisionVisibility with MediaWiki's `is_*_visible` flags.
 * An edit that turns a page into a redirect is recorded with `isRedirect: true` and no content
 * fetch: the decider keeps the history, and views treat it as the end of the article (WME sends a
 * delete), never as a new article version.
 */
export function mapPageChange(
  e: PageChangeEvent,
  receivedAt: string,
  source: SourceKind = 'eventstreams',
): PageCommand[] {
  const base = { wiki: e.wiki_id, pageId: e.page.page_id, source, receivedAt };
  const title = displayTitle(e.page.page_title);
  const performer = e.performer ? editorOf(e.performer) : undefined;
  const comment = e.comment ?? (e.revision.is_comment_visible === false ? undefined : e.revision.comment);
  const actor = { ...(performer ? { performer } : {}), ...(comment !== undefined ? { comment } : {}) };
  switch (e.page_change_kind) {
    case 'create':
    case 'edit':
      return [recordRevision(e, receivedAt, source)];
    case 'move': {
      const prior = e.prior_state?.page;
      return [
        {
          type: 'MovePage',
          ...base,
          toNamespace: e.page.namespace_id,
          toTitle: title,
          ...(prior?.namespace_id !== undefined ? { fromNamespace: prior.namespace_id } : {}),
          ...(prior?.page_title !== undefined ? { fromTitle: displayTitle(prior.page_title) } : {}),
          timestamp: e.dt,
          revisionId: e.revision.rev_id,
          ...actor,
        },
      ];
    }
    case 'delete':
      return [{ type: 'DeletePage', ...base, namespace: e.page.namespace_id, title, timestamp: e.dt, ...actor }];
    case 'undelete':
      return [
        {
          type: 'RestorePage',
          ...base,
          namespace: e.page.namespace_id,
          title,
          timestamp: e.dt,
          revisionId: e.revision.rev_id,
          ...actor,
        },
        recordRevision(e, receivedAt, source),
      ];
    case 'visibility_change':
      return [
        {
          type: 'ChangeRevisionVisibility',
          ...base,
          revisionId: e.revision.rev_id,
          visibility: visibilityOf(e),
          timestamp: e.dt,
        },
      ];
    default:
      return assertNever(e.page_change_kind);
  }
}

/** The revision as the event describes it; text/html/tags come from the content fetch. */
function recordRevision(e: PageChangeEvent, receivedAt: string, source: SourceKind): RecordRevision {
  const r = e.revision;
  const slot = r.content_slots?.main;
  const visibility = visibilityOf(e);
  return {
    type: 'RecordRevision',
    wiki: e.wiki_id,
    pageId: e.page.page_id,
    source,
    receivedAt,
    namespace: e.page.namespace_id,
    title: displayTitle(e.page.page_title),
    revisionId: r.rev_id,
    ...(r.rev_parent_id ? { parentId: r.rev_parent_id } : {}),
    timestamp: r.rev_dt,
    editor: visibility.editor && r.editor ? editorOf(r.editor) : { isAnonymous: false, isBot: false },
    ...(visibility.comment && r.comment !== undefined ? { comment: r.comment } : {}),
    minor: r.is_minor_edit ?? false,
    ...(r.rev_sha1 ? { sha1: r.rev_sha1 } : {}),
    // No size in the event (a suppressed revision may lack it): unknown, never 0 or -1.
    ...sizeOf(r.rev_size ?? slot?.content_size),
    ...(slot?.content_model ? { contentModel: slot.content_model } : {}),
    ...(slot?.content_format ? { contentFormat: slot.content_format } : {}),
    isRedirect: e.page.is_redirect ?? false,
    visibility,
  };
}

function sizeOf(bytes: number | undefined): { size?: number } {
  return bytes !== undefined && Number.isSafeInteger(bytes) && bytes >= 0 ? { size: bytes } : {};
}

function visibilityOf(e: PageChangeEvent): Visibility {
  const r = e.revision;
  return {
    text: r.is_content_visible !== false,
    editor: r.is_editor_visible !== false,
    comment: r.is_comment_visible !== false,
  };
}

export function editorOf(u: PageChangeUser): Editor {
  const registered = typeof u.user_id === 'number' && u.user_id > 0;
  return {
    ...(registered ? { id: u.user_id } : {}),
    ...(u.user_text !== undefined ? { name: u.user_text } : {}),
    isAnonymous: !registered,
    isBot: u.is_bot ?? false,
    ...(u.groups ? { groups: u.groups } : {}),
    ...(u.edit_count !== undefined ? { editCount: u.edit_count } : {}),
    ...(u.registration_dt ? { registeredAt: u.registration_dt } : {}),
  };
}

/** DB keys use underscores; Okapi titles (like MediaWiki's display titles) use spaces. */
export function displayTitle(dbKey: string): string {
  return dbKey.replace(/_/g, ' ');
}

function assertNever(x: never): never {
  throw new Error(`unhandled page_change_kind ${String(x)}`);
}

/** The `data` of a `mediawiki.revision-visibility-change` event (the stream before page_change.v1). */
export interface RevisionVisibilityChangeEvent {
  readonly database: string;
  readonly page_id: number;
  readonly rev_id: number;
  readonly meta: { readonly dt: string };
  /** true = visible; `user` is the editor. */
  readonly visibility: { readonly text: boolean; readonly user: boolean; readonly comment: boolean };
}

/**
 * `mediawiki.revision-visibility-change` (MediaWiki's revision deletion, as its own stream) ->
 * ChangeRevisionVisibility, the same command page_change's `visibility_change` gives.
 */
export function mapRevisionVisibilityChange(
  e: RevisionVisibilityChangeEvent,
  receivedAt: string,
  source: SourceKind = 'eventstreams',
): ChangeRevisionVisibility {
  const v = e.visibility;
  return {
    type: 'ChangeRevisionVisibility',
    wiki: e.database,
    pageId: e.page_id,
    source,
    receivedAt,
    revisionId: e.rev_id,
    visibility: { text: v.text, editor: v.user, comment: v.comment },
    timestamp: e.meta.dt,
  };
}
