import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A page and one of its revisions, in the Action API's formatversion=2 shapes. */
export interface ApiRevisionFixture {
  readonly page: { readonly pageid: number; readonly ns: number; readonly title: string };
  readonly revision: Readonly<Record<string, unknown>> & { readonly revid: number };
  readonly html?: string;
}

export interface LocalMediaWikiServerOptions {
  /** Revision lookup; undefined = deleted (reported in `badrevids`). */
  readonly lookup: (revId: number) => ApiRevisionFixture | undefined;
  /** Fail this many api.php requests first (after `failAfter` successful ones), with `failStatus`. */
  readonly failRequests?: number;
  readonly failAfter?: number;
  readonly failStatus?: number;
  readonly retryAfterSeconds?: number;
  /** Answer api.php after this delay (ms), to observe client concurrency (default 0). */
  readonly delayMs?: number;
  /** `prop=info|pageprops|...` queries (page properties): the answer body for the parameters. */
  readonly pageInfo?: (params: URLSearchParams) => unknown;
  /** `list=users` queries: the answer body for the parameters. */
  readonly users?: (params: URLSearchParams) => unknown;
}

/**
 * A stand-in for MediaWiki on 127.0.0.1: `/{domain}/w/api.php?action=query&prop=revisions&revids=`
 * assembled from fixtures exactly as the real API nests them (pages[] with revisions[],
 * `badrevids` keyed by id), and `/{domain}/w/rest.php/v1/revision/{id}/html`.
 * Records every request (path, revids, user agent) so tests can check batching and headers.
 */
export class LocalMediaWikiServer {
  readonly requests: {
    readonly path: string;
    readonly revids: number[];
    readonly userAgent?: string;
    readonly status: number;
  }[] = [];
  private server?: Server;
  private apiCalls = 0;
  private inFlight = 0;
  /** Most api.php requests seen in flight at once. */
  maxInFlight = 0;
  /** Page-property and user queries (not revision fetches), with their parameters. */
  readonly infoRequests: { readonly kind: 'pageinfo' | 'users'; readonly params: URLSearchParams }[] = [];

  constructor(private readonly options: LocalMediaWikiServerOptions) {}

  /** Resolves with the URL template to configure (`http://127.0.0.1:PORT/{domain}/w/api.php`). */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/{domain}/w/api.php`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const userAgent = req.headers['user-agent'];
    const html = /\/w\/rest\.php\/v1\/revision\/(\d+)\/html$/.exec(url.pathname);
    if (html) return this.serveHtml(Number(html[1]), url.pathname, userAgent, res);
    if (url.searchParams.get('list') === 'users' || url.searchParams.has('pageids'))
      return this.serveInfo(url.searchParams, res);
    const revids = (url.searchParams.get('revids') ?? '').split('|').filter(Boolean).map(Number);
    const call = this.apiCalls++;
    const { failRequests = 0, failAfter = 0, failStatus = 500 } = this.options;
    if (call >= failAfter && call < failAfter + failRequests) {
      this.requests.push({ path: url.pathname, revids, userAgent, status: failStatus });
      res.writeHead(
        failStatus,
        this.options.retryAfterSeconds !== undefined ? { 'retry-after': String(this.options.retryAfterSeconds) } : {},
      );
      return void res.end('upstream error');
    }
    this.requests.push({ path: url.pathname, revids, userAgent, status: 200 });
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    setTimeout(() => {
      this.inFlight--;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(this.query(revids)));
    }, this.options.delayMs ?? 0);
  }

  private query(revids: number[]): unknown {
    const pages = new Map<number, { pageid: number; ns: number; title: string; revisions: unknown[] }>();
    const badrevids: Record<string, unknown> = {};
    for (const id of revids) {
      const f = this.options.lookup(id);
      if (!f) {
        badrevids[String(id)] = { revid: id, missing: true };
        continue;
      }
      const page = pages.get(f.page.pageid) ?? { ...f.page, revisions: [] };
      page.revisions.push(f.revision);
      pages.set(f.page.pageid, page);
    }
    const query: Record<string, unknown> = { pages: [...pages.values()] };
    if (Object.keys(badrevids).length) query.badrevids = badrevids;
    return { batchcomplete: true, query };
  }

  /** Page properties and users: from the hooks, or an empty answer (nothing known). */
  private serveInfo(params: URLSearchParams, res: ServerResponse): void {
    const kind = params.get('list') === 'users' ? 'users' : 'pageinfo';
    this.infoRequests.push({ kind, params });
    const hook = kind === 'users' ? this.options.users : this.options.pageInfo;
    const body = hook ? hook(params) : { batchcomplete: true, query: kind === 'users' ? { users: [] } : { pages: [] } };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private serveHtml(revId: number, path: string, userAgent: string | undefined, res: ServerResponse): void {
    const html = this.options.lookup(revId)?.html;
    this.requests.push({ path, revids: [revId], userAgent, status: html ? 200 : 404 });
    if (!html) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ httpCode: 404, httpReason: 'Not Found' }));
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/HTML/2.8.0"',
    });
    res.end(html);
  }
}
