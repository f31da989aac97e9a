import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Authenticator } from '@okapi/adapters/auth/authenticator';
import { OkapiConfig } from '@okapi/adapters/config/env.config';
import { CONFIG } from '@okapi/adapters/runtime/tokens';
import { AUTHENTICATOR } from '../auth/auth.tokens';
import { runInRequestScope } from '../core/request-scope';
import { REQUEST_TRACKER, RequestTracker } from '../logging/request-tracker';
import { hostPolicy } from '../security/allowed-hosts';
import { ArticleLookupService } from './article-lookup.service';
import { OnDemandQuery, parseOnDemandRequest } from '@okapi/projections';

const PREFIX = '/v2/articles/';
const ROUTE = '/v2/articles/:name';
const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON = 'application/x-ndjson; charset=utf-8';
/** Distinct request paths whose parsed query is remembered (oldest forgotten first). */
const QUERY_MEMO_MAX = 4096;
/** Bounds the static-token header set against odd spellings of the same few tokens. */
const STATIC_TOKEN_HEADERS_MAX = 64;
type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The on-demand hot path, answered before express and Nest see the request: the most common
 * lookup (`GET /v2/articles/{name}`, no query string, no body, a valid bearer token, a title that
 * exists) costs a bare Node handler's work plus one read-model cache hit. It only ever takes the
 * success case: anything else (parameters, a body, a bad or missing token, a bad name, not found,
 * an error) is handed to the normal Nest route unchanged, which produces the same answer or the
 * proper error. The e2e tests check both paths give identical bytes. Express/Nest middleware does
 * not run here: anything cross-cutting added there (rate limits, CORS) must be added here too.
 */
@Injectable()
export class LookupFastPath implements OnApplicationBootstrap {
  private readonly authEnabled: boolean;
  private readonly hostAllowed: (host: string | undefined) => boolean;
  /**
   * Parsed query per raw path (`null`: not a valid plain lookup, so the Nest route answers it).
   * Popular titles are asked again and again; decoding, normalising and compiling the empty
   * filter set each time cost about as much as the rest of the lookup.
   */
  private readonly queries = new Map<string, OnDemandQuery | null>();
  /** Authorization header values already found to carry a static API token. */
  private readonly staticTokenHeaders = new Set<string>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lookup: ArticleLookupService,
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
    @Inject(REQUEST_TRACKER) private readonly tracker: RequestTracker,
    @Inject(CONFIG) config: OkapiConfig,
  ) {
    this.authEnabled = config.auth !== 'disabled';
    this.hostAllowed = hostPolicy(config);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const listeners = server.listeners('request') as Listener[];
    const fallback: Listener = (req, res) => {
      for (const l of listeners) l.call(server, req, res);
    };
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) =>
      runInRequestScope(req, res, () => {
        let taken: boolean;
        try {
          taken = this.tryServe(req, res, fallback);
        } catch {
          // Not answered: the Nest route answers (or fails with a 500 and a request id there).
          return recover(req, res, fallback);
        }
        if (!taken) fallback(req, res);
      }),
    );
  }

  /** True when it took the request (it then answers it or hands it to `fallback` later). */
  private tryServe(req: IncomingMessage, res: ServerResponse, fallback: Listener): boolean {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return false;
    const headers = req.headers;
    if (
      (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
      headers['transfer-encoding'] !== undefined
    )
      return false;
    if (!this.hostAllowed(headers.host)) return false;
    if (this.authEnabled && !this.authorized(headers.authorization)) return false;
    const q = this.queryOf(url);
    if (q === null) return false;
    const started = process.hrtime.bigint();
    const accept = headers.accept;
    const ndjson = accept !== undefined && accept.includes('application/x-ndjson');
    // A read-model cache hit is answered in this very tick: no promise, no microtask hops.
    const now = this.lookup.plainBodyNow(q, ndjson);
    if (now !== undefined) {
      this.answer(req, res, now, ndjson, started);
      return true;
    }
    this.lookup
      .plainBody(q, ndjson, false)
      .then(
        (body) => this.answer(req, res, body, ndjson, started),
        () => fallback(req, res),
      )
      .catch(() => recover(req, res, fallback));
    return true;
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: Buffer, ndjson: boolean, started: bigint): void {
    const id = this.tracker.requestId(req);
    // A flat header list: Node skips building and validating a header object.
    res.writeHead(200, [
      'content-type',
      ndjson ? NDJSON : JSON_TYPE,
      'content-length',
      lengthOf(body),
      'x-request-id',
      id,
    ]);
    res.end(body);
    this.tracker.record(req, ROUTE, 200, id, started);
  }

  /** The parsed query of a plain lookup path, or null when the path is anything else. */
  private queryOf(url: string): OnDemandQuery | null {
    let q = this.queries.get(url);
    if (q !== undefined) return q;
    try {
      const plain = !url.includes('?') && url.indexOf('/', PREFIX.length) < 0;
      q = plain ? parseOnDemandRequest(decodeURIComponent(url.slice(PREFIX.length)), undefined, undefined) : null;
    } catch {
      q = null;
    }
    if (this.queries.size >= QUERY_MEMO_MAX) this.queries.delete(this.queries.keys().next().value as string);
    this.queries.set(url, q);
    return q;
  }

  private authorized(header: string | undefined): boolean {
    if (header === undefined) return false;
    if (this.staticTokenHeaders.has(header)) return true;
    if (!header.startsWith('Bearer ')) return false;
    try {
      const principal = this.auth.authenticate(header.slice(7).trim());
      // Static API tokens come from the configuration and cannot expire or be revoked while
      // the process runs; session tokens can, so they are checked every time.
      if (principal.kind === 'api_token' && this.staticTokenHeaders.size < STATIC_TOKEN_HEADERS_MAX)
        this.staticTokenHeaders.add(header);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The fast path threw (a request listener or a promise callback: nothing above it would catch).
 * Before any byte went out the Nest route takes the request over; after, the response is cut.
 */
function recover(req: IncomingMessage, res: ServerResponse, fallback: Listener): void {
  if (!res.headersSent) fallback(req, res);
  else res.destroy();
}

const lengths = new WeakMap<Buffer, string>();

/** `content-length` of a (memoised, so usually repeated) body, as the header string. */
function lengthOf(body: Buffer): string {
  let s = lengths.get(body);
  if (s === undefined) {
    s = String(body.length);
    lengths.set(body, s);
  }
  return s;
}
