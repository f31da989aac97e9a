import { AvailableRevision, MissingRevision } from './revision-content';

/** Error object of an Action API response (`{"error": {"code", "info"}}`, HTTP 200). */
export class MediaWikiApiError extends Error {
  constructor(
    readonly code: string,
    info: string,
  ) {
    super(`MediaWiki API error ${code}: ${info}`);
    this.name = 'MediaWikiApiError';
  }
}

interface ApiRevision {
  revid: number;
  parentid?: number;
  minor?: boolean;
  user?: string;
  userid?: number;
  userhidden?: boolean;
  timestamp?: string;
  size?: number;
  sha1?: string;
  sha1hidden?: boolean;
  comment?: string;
  commenthidden?: boolean;
  suppressed?: boolean;
  tags?: string[];
  texthidden?: boolean;
  slots?: {
    main?: { contentmodel?: string; contentformat?: string; content?: string; texthidden?: boolean; missing?: boolean };
  };
}
interface ApiPage {
  pageid?: number;
  ns: number;
  title: string;
  missing?: boolean;
  revisions?: ApiRevision[];
}
interface ApiResponse {
  error?: { code: string; info?: string };
  query?: { pages?: ApiPage[]; badrevids?: Record<string, { revid: number; missing?: boolean }> };
}

/**
 * Reads `action=query&prop=revisions&formatversion=2` JSON into per-revision results.
 * Revisions the response does not mention (result-size continuation) are simply absent: the
 * caller asks again for them.
 */
export function parseRevisionsResponse(body: string): (AvailableRevision | MissingRevision)[] {
  const json = JSON.parse(body) as ApiResponse;
  if (json.error) throw new MediaWikiApiError(json.error.code, json.error.info ?? '');
  const out: (AvailableRevision | MissingRevision)[] = [];
  for (const bad of Object.values(json.query?.badrevids ?? {})) out.push({ status: 'missing', revisionId: bad.revid });
  for (const page of json.query?.pages ?? []) {
    for (const rev of page.revisions ?? [])
      out.push(page.missing ? { status: 'missing', revisionId: rev.revid } : toRevision(page, rev));
  }
  return out;
}

function toRevision(page: ApiPage, rev: ApiRevision): AvailableRevision {
  const main = rev.slots?.main;
  const textHidden = Boolean(rev.texthidden || main?.texthidden);
  const text = textHidden ? undefined : main?.content;
  return {
    status: 'ok',
    revisionId: rev.revid,
    pageId: page.pageid ?? 0,
    namespace: page.ns,
    title: page.title,
    ...(rev.parentid ? { parentId: rev.parentid } : {}),
    ...(rev.timestamp ? { timestamp: rev.timestamp } : {}),
    minor: rev.minor ?? false,
    ...(rev.userhidden ? {} : { user: rev.user, userId: rev.userid }),
    ...(rev.commenthidden || rev.comment === undefined ? {} : { comment: rev.comment }),
    tags: rev.tags ?? [],
    ...(rev.sha1 && !rev.sha1hidden ? { sha1: rev.sha1 } : {}),
    ...(rev.size !== undefined ? { size: rev.size } : {}),
    ...(main?.contentmodel ? { contentModel: main.contentmodel } : {}),
    ...(main?.contentformat ? { contentFormat: main.contentformat } : {}),
    ...(text !== undefined ? { text } : {}),
    textHidden,
    userHidden: Boolean(rev.userhidden),
    commentHidden: Boolean(rev.commenthidden),
    suppressed: Boolean(rev.suppressed),
  };
}
