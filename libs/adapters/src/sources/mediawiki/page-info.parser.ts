import { articleUrl } from '@okapi/domain';
import { MediaWikiApiError } from './revisions-response.parser';

/**
 * The Action API request for what a WME Article carries about a page besides its revision
 * (after WME's own `GetPages`: wikimedia-enterprise `general/wmf/wmf.go`, GPL-3.0, read for the
 * parameters only): protection and watchers (`prop=info`), the Wikidata item (`pageprops`), the
 * titles redirecting here (`redirects`), the Wikidata entities the page uses with their aspects
 * (`wbentityusage`) and the lead image (`pageimages`). Up to 50 page ids per request.
 */
export const PAGE_INFO_PARAMS: Readonly<Record<string, string>> = {
  action: 'query',
  format: 'json',
  formatversion: '2',
  prop: 'info|pageprops|redirects|wbentityusage|pageimages|description',
  inprop: 'protection|watchers',
  ppprop: 'wikibase_item',
  rdprop: 'title',
  rdlimit: 'max',
  wbeulimit: 'max',
  piprop: 'original',
  maxlag: '5',
};

/** `list=users` for the editors of the revisions: groups, edit count, registration. */
export const USER_PARAMS: Readonly<Record<string, string>> = {
  action: 'query',
  format: 'json',
  formatversion: '2',
  list: 'users',
  usprop: 'groups|editcount|registration',
  maxlag: '5',
};

export const MAX_IDS_PER_REQUEST = 50;

const WIKIDATA_ENTITY = 'https://www.wikidata.org/entity/';

export interface PageInfo {
  readonly pageId: number;
  readonly mainEntity?: { identifier: string; url: string };
  readonly additionalEntities?: readonly { identifier: string; url: string; aspects?: string[] }[];
  readonly protection?: readonly { type: string; level: string; expiry: string }[];
  readonly redirects?: readonly { name: string; url: string }[];
  readonly watchersCount?: number;
  readonly image?: { content_url: string; width?: number; height?: number };
  /** The page's short description, or Wikidata's where the wiki has none (`prop=description`). */
  readonly description?: string;
}

export interface UserInfo {
  readonly userId: number;
  readonly groups?: readonly string[];
  readonly editCount?: number;
  readonly registeredAt?: string;
}

interface ApiInfoPage {
  pageid?: number;
  missing?: boolean;
  protection?: { type: string; level: string; expiry: string }[];
  watchers?: number;
  pageprops?: { wikibase_item?: string };
  redirects?: { pageid?: number; ns?: number; title: string }[];
  wbentityusage?: Record<string, { aspects?: string[] }>;
  original?: { source: string; width?: number; height?: number };
  description?: string;
}

interface ApiResponse<Q> {
  error?: { code: string; info?: string };
  continue?: Record<string, string>;
  query?: Q;
}

function parse<Q>(body: string): ApiResponse<Q> {
  const json = JSON.parse(body) as ApiResponse<Q>;
  if (json.error) throw new MediaWikiApiError(json.error.code, json.error.info ?? '');
  return json;
}

/** One response page of `PAGE_INFO_PARAMS`; `continue` when lists (redirects, entities) go on. */
export function parsePageInfoResponse(
  body: string,
  wiki: string,
): { pages: PageInfo[]; continue?: Record<string, string> } {
  const json = parse<{ pages?: ApiInfoPage[] }>(body);
  const pages = (json.query?.pages ?? [])
    .filter((p) => p.pageid !== undefined && !p.missing)
    .map((p) => pageInfo(p, wiki));
  return { pages, ...(json.continue ? { continue: json.continue } : {}) };
}

function pageInfo(p: ApiInfoPage, wiki: string): PageInfo {
  const item = p.pageprops?.wikibase_item;
  const entities = Object.entries(p.wbentityusage ?? {}).map(([id, u]) => ({
    identifier: id,
    url: `${WIKIDATA_ENTITY}${id}`,
    ...(u.aspects?.length ? { aspects: [...u.aspects] } : {}),
  }));
  const info: Record<string, unknown> = {
    pageId: p.pageid,
    mainEntity: item ? { identifier: item, url: `${WIKIDATA_ENTITY}${item}` } : undefined,
    additionalEntities: entities.length ? entities : undefined,
    protection: p.protection?.length
      ? p.protection.map((x) => ({ type: x.type, level: x.level, expiry: x.expiry }))
      : undefined,
    redirects: p.redirects?.length
      ? p.redirects.map((r) => ({ name: r.title, url: articleUrl(wiki, r.title) }))
      : undefined,
    watchersCount: typeof p.watchers === 'number' ? p.watchers : undefined,
    description: p.description || undefined,
    image: p.original?.source
      ? { content_url: p.original.source, width: p.original.width, height: p.original.height }
      : undefined,
  };
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as unknown as PageInfo;
}

/** Two partial answers for one page (continuation): lists appended, scalars from the first. */
export function mergePageInfo(a: PageInfo, b: PageInfo): PageInfo {
  return {
    ...b,
    ...a,
    ...(a.redirects || b.redirects ? { redirects: [...(a.redirects ?? []), ...(b.redirects ?? [])] } : {}),
    ...(a.additionalEntities || b.additionalEntities
      ? { additionalEntities: [...(a.additionalEntities ?? []), ...(b.additionalEntities ?? [])] }
      : {}),
  };
}

interface ApiUser {
  userid?: number;
  missing?: boolean;
  groups?: string[];
  editcount?: number;
  registration?: string | null;
}

export function parseUsersResponse(body: string): UserInfo[] {
  const json = parse<{ users?: ApiUser[] }>(body);
  return (json.query?.users ?? [])
    .filter((u): u is ApiUser & { userid: number } => typeof u.userid === 'number' && !u.missing)
    .map((u) => ({
      userId: u.userid,
      ...(u.groups ? { groups: [...u.groups] } : {}),
      ...(typeof u.editcount === 'number' ? { editCount: u.editcount } : {}),
      ...(u.registration ? { registeredAt: u.registration } : {}),
    }));
}
