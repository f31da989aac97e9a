import { RecordRevision } from '../commands/page.commands';
import { RevisionCreatedData, VandalismScore } from '../events/page.events';
import { PageState } from './page.state';
import { narrowest, VISIBLE } from './revision-visibility';

/**
 * The event data: the command's fields without `type` and undefined keys, plus the decision.
 * Written out field by field: this runs for every imported revision, and a generic key loop
 * (or Object.entries/fromEntries) cost more than the rest of decide.
 */
export function revisionData(
  c: RecordRevision,
  state: PageState,
  score: VandalismScore,
  isLatest: boolean,
  before: { size?: number; revisionId: number } | undefined,
): RevisionCreatedData {
  // A visibility change recorded before the revision itself arrived still applies to it.
  const remembered = state.revisionVisibility.size ? state.revisionVisibility.get(c.revisionId)?.visibility : undefined;
  const visibility = c.visibility ?? VISIBLE;
  const d: Mutable<RevisionCreatedData> = {
    wiki: c.wiki,
    pageId: c.pageId,
    source: c.source,
    receivedAt: c.receivedAt,
    namespace: c.namespace,
    title: c.title,
    revisionId: c.revisionId,
    timestamp: c.timestamp,
    editor: c.editor,
    minor: c.minor,
    visibility: remembered ? narrowest(visibility, remembered) : visibility,
    score,
    flag: score.prediction ? 'suspect' : 'ok',
    isLatest,
  };
  if (c.size !== undefined && c.size >= 0) d.size = c.size;
  if (c.parentId !== undefined) d.parentId = c.parentId;
  if (c.comment !== undefined) d.comment = c.comment;
  if (c.tags !== undefined) d.tags = c.tags;
  if (c.sha1 !== undefined) d.sha1 = c.sha1;
  if (c.contentModel !== undefined) d.contentModel = c.contentModel;
  if (c.contentFormat !== undefined) d.contentFormat = c.contentFormat;
  if (c.text !== undefined) d.text = c.text;
  if (c.html !== undefined) d.html = c.html;
  if (c.isRedirect !== undefined) d.isRedirect = c.isRedirect;
  if (c.enrichment !== undefined) d.enrichment = c.enrichment;
  if (before) {
    if (before.size !== undefined) d.previousSize = before.size;
    d.previousRevisionId = before.revisionId;
  }
  return d;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type CopiedField =
  | 'type'
  | 'wiki'
  | 'pageId'
  | 'source'
  | 'receivedAt'
  | 'namespace'
  | 'title'
  | 'revisionId'
  | 'timestamp'
  | 'editor'
  | 'minor'
  | 'size'
  | 'visibility'
  | 'parentId'
  | 'comment'
  | 'tags'
  | 'sha1'
  | 'contentModel'
  | 'contentFormat'
  | 'text'
  | 'html'
  | 'isRedirect'
  | 'enrichment';
/** Compile-time guard: a field added to RecordRevision must be copied by `revisionData` too. */
export const EVERY_REVISION_FIELD_COPIED: Exclude<keyof RecordRevision, CopiedField> extends never ? true : never =
  true;
