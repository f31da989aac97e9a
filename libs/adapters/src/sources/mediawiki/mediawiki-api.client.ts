import { CONFIG_DEFAULTS } from '../../config/env-config';
import { BackoffOptions, HttpStatusError, parseRetryAfter } from '../../resilience/backoff';
import { retrying } from '../../resilience/retrying';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { AvailableRevision, RevisionContent } from './revision-content';
import { MediaWikiApiError, parseRevisionsResponse } from './revisions-response.parser';

/**
 * The exact Action API request (documented in the README, "live ingest"):
 *   GET {api}?action=query&format=json&formatversion=2&prop=revisions&revids=1|2|...
 *       &rvprop=ids|timestamp|flags|comment|user|userid|size|sha1|contentmodel|content|tags
 *       &rvslots=main&maxlag=5
 * Up to 50 revids per request (the API's limit for content), `maxlag` so we back off when
 * the wiki's replicas lag, as Wikimedia's API etiquette asks.
 */
export const REVISION_PARAMS: Readonly<Record<string, string>> = {
  action: 'query',
  format: 'json',
  formatversion: '2',
  prop: 'revisions',
  rvprop: 'ids|timestamp|flags|comment|user|userid|size|sha1|contentmodel|content|tags',
  rvslots: 'main',
  maxlag: '5',
};
export const MAX_REVIDS_PER_REQUEST = 50;

export interface MediaWikiClientOptions {
  /** URL template with `{domain}`, e.g. https://{domain}/w/api.php */
  readonly apiUrlTemplate: string;
  readonly userAgent: string;
  /** Requests in flight at once, across all wikis (default 4). */
  readonly concurrency?: number;
  /** Attempts per request before giving up on its revisions (default 5). */
  readonly maxAttempts?: number;
  /** Per-request timeout, ms (default 30 000). */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Also fetch Parsoid HTML (`/w/rest.php/v1/revision/{id}/html`), one request per revision. */
  readonly fetchHtml?: boolean;
  readonly signal?: AbortSignal;
  /** Told about each failed attempt (for logs and metrics). */
  readonly onRetry?: (what: string, attempt: number, error: string) => void;
}

/** Fetches revision content and metadata from MediaWiki, batched, bounded and retried. */
export class MediaWikiClient {
  private readonly limiter: ConcurrencyLimiter;

  constructor(private readonly options: MediaWikiClientOptions) {
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? CONFIG_DEFAULTS.mediawikiConcurrency);
  }

  /** One result per requested id (duplicates collapsed): ok, missing (deleted) or unavailable. */
  async fetchRevisions(domain: string, revisionIds: readonly number[]): Promise<Map<number, RevisionContent>> {
    const ids = [...new Set(revisionIds)];
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += MAX_REVIDS_PER_REQUEST) chunks.push(ids.slice(i, i + MAX_REVIDS_PER_REQUEST));
    const results = await Promise.all(chunks.map((chunk) => this.fetchChunk(domain, chunk)));
    const out = new Map<number, RevisionContent>();
    for (const map of results) for (const [id, r] of map) out.set(id, r);
    return out;
  }

  private async fetchChunk(domain: string, ids: readonly number[]): Promise<Map<number, RevisionContent>> {
    const out = new Map<number, RevisionContent>();
    let pending = [...ids];
    // A response may stop short of all revisions (result-size limit): ask again for the rest.
    for (let round = 0; round < 5 && pending.length > 0; round++) {
      let found;
      try {
        found = await this.withRetries(`revids ${pending[0]}..(${pending.length}) on ${domain}`, () =>
          this.requestRevisions(domain, pending),
        );
      } catch (e) {
        for (const id of pending) out.set(id, { status: 'unavailable', revisionId: id, reason: (e as Error).message });
        return out;
      }
      for (const r of found) if (pending.includes(r.revisionId)) out.set(r.revisionId, r);
      pending = pending.filter((id) => !out.has(id));
    }
    for (const id of pending) out.set(id, { status: 'unavailable', revisionId: id, reason: 'not in API responses' });
    if (this.options.fetchHtml) await this.addHtml(domain, out);
    return out;
  }

  private async requestRevisions(domain: string, ids: readonly number[]) {
    const url = new URL(this.apiUrl(domain));
    for (const [k, v] of Object.entries(REVISION_PARAMS)) url.searchParams.set(k, v);
    url.searchParams.set('revids', ids.join('|'));
    return parseAnswer(await this.get(url), parseRevisionsResponse);
  }

  private async addHtml(domain: string, results: Map<number, RevisionContent>): Promise<void> {
    const visible = [...results.values()].filter(
      (r): r is AvailableRevision => r.status === 'ok' && r.text !== undefined,
    );
    await Promise.all(
      visible.map(async (r) => {
        const url = new URL(`rest.php/v1/revision/${r.revisionId}/html`, this.apiUrl(domain));
        try {
          const html = await this.withRetries(`html of ${r.revisionId} on ${domain}`, () => this.get(url));
          results.set(r.revisionId, { ...r, html });
        } catch {
          // HTML is optional enrichment: the revision is still recorded with its wikitext.
        }
      }),
    );
  }

  /**
   * One Action API query (`params` plus `ids` under `idsParam`), through the same concurrency
   * limit and retries as the revision fetch; `maxlag` answers are retried after 5 s.
   */
  async query<T>(domain: string, params: Readonly<Record<string, string>>, parse: (body: string) => T): Promise<T> {
    const url = new URL(this.apiUrl(domain));
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const named: Partial<typeof params> = params; // a query may have neither `prop` nor `list`
    return this.withRetries(`${named.prop ?? named.list ?? 'query'} on ${domain}`, async () =>
      parseAnswer(await this.get(url), parse),
    );
  }

  private apiUrl(domain: string): string {
    return this.options.apiUrlTemplate.replace('{domain}', domain);
  }

  /** One GET through the concurrency limit. 429/5xx and network errors are retryable. */
  private get(url: URL): Promise<string> {
    return this.limiter.run(async () => {
      const res = await fetch(url, {
        headers: {
          'user-agent': this.options.userAgent,
          'api-user-agent': this.options.userAgent,
          accept: 'application/json, text/html',
        },
        signal: timeoutSignal(this.options.timeoutMs ?? 30_000, this.options.signal),
      });
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        throw new HttpStatusError(res.status, parseRetryAfter(res.headers.get('retry-after') ?? undefined, Date.now()));
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status} from ${url.host}${url.pathname}`);
      }
      return res.text();
    });
  }

  private withRetries<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    return retrying(attempt, {
      backoff: this.options.backoff,
      maxAttempts: this.options.maxAttempts ?? 5,
      signal: this.options.signal,
      retryable: isRetryable,
      onRetry: (error, n) => this.options.onRetry?.(what, n, error.message),
    });
  }
}

function isRetryable(e: unknown): boolean {
  if (e instanceof HttpStatusError) return e.status === 429 || e.status >= 500;
  if (e instanceof SyntaxError) return true; // a truncated body
  if (e instanceof MediaWikiApiError) return false;
  return !/^HTTP 4/.test((e as Error).message); // network errors and timeouts are retryable
}

function timeoutSignal(ms: number, outer?: AbortSignal): AbortSignal {
  const t = AbortSignal.timeout(ms);
  return outer ? AbortSignal.any([t, outer]) : t;
}

/** Parses an Action API answer; a `maxlag` refusal (the wiki's replicas lag) is retried after 5 s. */
function parseAnswer<T>(body: string, parse: (body: string) => T): T {
  try {
    return parse(body);
  } catch (e) {
    if (e instanceof MediaWikiApiError && e.code === 'maxlag') throw new HttpStatusError(503, 5000);
    throw e;
  }
}
