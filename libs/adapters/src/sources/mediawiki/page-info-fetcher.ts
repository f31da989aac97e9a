import { MediaWikiClient } from './mediawiki-api.client';
import {
  MAX_IDS_PER_REQUEST,
  mergePageInfo,
  PAGE_INFO_PARAMS,
  PageInfo,
  parsePageInfoResponse,
  parseUsersResponse,
  USER_PARAMS,
  UserInfo,
} from './page-info.parser';
import { LRUCache } from 'lru-cache';

export interface PageInfoFetcherOptions {
  /** How long an answer is reused (default 10 minutes). */
  readonly ttlMs?: number;
  /** Pages and users remembered (default 50 000 each). */
  readonly capacity?: number;
  readonly now?: () => number;
}

const MAX_CONTINUATIONS = 20;

/**
 * Page properties and editor facts for live ingest, batched (50 ids per request, per wiki) and
 * cached: a busy page edited a hundred times an hour costs one request per TTL, not one per edit.
 * Failures are not fatal: the revision is recorded with what the event said (null = not found).
 */
export class PageInfoFetcher {
  // Entries are boxed: lru-cache keeps no null values, and null (not found) is an answer too.
  private readonly pages: LRUCache<string, { value: PageInfo | null }>;
  private readonly users: LRUCache<string, { value: UserInfo | null }>;

  constructor(
    private readonly client: MediaWikiClient,
    options: PageInfoFetcherOptions = {},
  ) {
    const ttl = options.ttlMs ?? 600_000;
    const capacity = options.capacity ?? 50_000;
    const perf = options.now ? { now: options.now } : undefined;
    this.pages = new LRUCache({ max: capacity, ttl, perf });
    this.users = new LRUCache({ max: capacity, ttl, perf });
  }

  /** Page info by page id (absent: missing page, or the API could not be reached). */
  pageInfo(domain: string, wiki: string, pageIds: readonly number[]): Promise<Map<number, PageInfo>> {
    return cachedById(this.pages, domain, pageIds, (ids) => this.fetchPages(domain, wiki, ids));
  }

  usersById(domain: string, userIds: readonly number[]): Promise<Map<number, UserInfo>> {
    return cachedById(this.users, domain, userIds, async (ids) => {
      const got = await this.client.query(domain, { ...USER_PARAMS, ususerids: ids.join('|') }, parseUsersResponse);
      return new Map(got.map((u) => [u.userId, u]));
    });
  }

  /** One batch, following `continue` until the lists (redirects, entity usage) are complete. */
  private async fetchPages(domain: string, wiki: string, ids: readonly number[]): Promise<Map<number, PageInfo>> {
    const out = new Map<number, PageInfo>();
    let cont: Record<string, string> | undefined = {};
    for (let round = 0; cont && round < MAX_CONTINUATIONS; round++) {
      const params: Record<string, string> = { ...PAGE_INFO_PARAMS, pageids: ids.join('|'), ...cont };
      const res: ReturnType<typeof parsePageInfoResponse> = await this.client.query(domain, params, (body) =>
        parsePageInfoResponse(body, wiki),
      );
      for (const p of res.pages) {
        const known = out.get(p.pageId);
        out.set(p.pageId, known ? mergePageInfo(known, p) : p);
      }
      cont = res.continue;
    }
    return out;
  }
}

/**
 * The answers for `ids`: cached ones (a cached null is "not found", asked again after the TTL),
 * the rest fetched in batches of MAX_IDS_PER_REQUEST. A batch that fails is neither cached nor
 * answered: asked again next time.
 */
async function cachedById<T>(
  cache: LRUCache<string, { value: T | null }>,
  domain: string,
  ids: readonly number[],
  fetch: (ids: readonly number[]) => Promise<Map<number, T>>,
): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  const wanted: number[] = [];
  for (const id of new Set(ids)) {
    const hit = cache.get(`${domain}|${id}`);
    if (hit?.value) out.set(id, hit.value);
    else if (hit === undefined) wanted.push(id);
  }
  await Promise.all(
    chunks(wanted).map(async (batch) => {
      const got = await fetch(batch).catch(() => undefined);
      if (!got) return;
      for (const id of batch) {
        const value = got.get(id) ?? null;
        cache.set(`${domain}|${id}`, { value });
        if (value) out.set(id, value);
      }
    }),
  );
  return out;
}

function chunks(ids: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_REQUEST) out.push(ids.slice(i, i + MAX_IDS_PER_REQUEST));
  return out;
}
