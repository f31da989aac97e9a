import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AbstractHttpAdapter, HttpAdapterHost } from '@nestjs/core';
import { OkapiConfig } from '@okapi/adapters/config';
import { CONFIG } from '@okapi/adapters/runtime';
import { OnDemandQuery, parseJsonSafely, parseOnDemandRequest } from '@okapi/projections';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { LoadShedder } from '../core/load-shedder';
import { errorBody } from '../core/okapi-exception.filter';
import { parseQueryString } from '../core/request-parsers';
import { runInRequestScope } from '../core/request-scope';
import { MAX_BODY_BYTES } from '../core/request-limits';
import { REQUEST_TRACKER, RequestTracker } from '../logging/request-tracker';
import { hostPolicy } from '../security/allowed-hosts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../security/json-depth';
import { ArticleLookupService } from './article-lookup.service';
import { ArticlesController } from './articles.controller';

const PREFIX = '/v2/articles/';
const ROUTE = '/v2/articles/:name';
const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON = 'application/x-ndjson; charset=utf-8';
/** Distinct request paths whose parsed queries are remembered (oldest forgotten first). */
const QUERY_MEMO_MAX = 4096;
/** Bodies longer than this are parsed every time rather than remembered. */
const MEMO_BODY_MAX = 4096;
/** Distinct bodies remembered per path (clients reuse one Request value). */
const BODIES_PER_PATH = 16;
type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type BodyRequest = IncomingMessage & { body?: unknown };

/** A refusal of the body itself: status, code and message as the Nest app gives them. */
interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}
const BODY_TOO_LARGE: Refusal = {
  status: 413,
  code: 'request.body_too_large',
  message: `request body is larger than ${MAX_BODY_BYTES} bytes`,
};
const JSON_TOO_DEEP: Refusal = {
  status: 400,
  code: 'request.json_too_deep',
  message: `request body nests deeper than ${MAX_JSON_DEPTH} levels`,
};
const NOT_JSON: Refusal = { status: 400, code: 'request.invalid_json', message: 'request body is not valid JSON' };

/**
 * On-demand lookups, every form clients send them (`GET /v2/articles/{name}` bare or with
 * `limit`/`fields`/`filters` in the query string, `GET` or `POST` with the WME SDK's JSON body),
 * answered before express and Nest see the request: a bare Node handler's work plus one
 * read-model cache hit and one memoised body (ArticleLookupService.bodyNow / body, the very
 * calls the Nest route makes).
 *
 * It serves only the success case. The route's own guard decides first (BearerAuthGuard asked
 * about ArticlesController's handler, as Nest would ask it); a request it refuses, a wrong Host,
 * a body that is not JSON, a bad parameter, a name not found or any error is handed to the Nest
 * route, which gives the proper answer. A body already read is handed over parsed (`req.body`;
 * the JSON body parser leaves a finished request alone). The e2e tests check both paths give
 * identical bytes. Express middleware does not run here: what is cross-cutting (Host check, auth,
 * load shedding in front of both) is applied here too.
 */
@Injectable()
export class LookupFastPath implements OnApplicationBootstrap {
  private readonly hostAllowed: (host: string | undefined) => boolean;
  /** Parsed query per path and body text (`null`: not a valid query, so the Nest route answers it). */
  private readonly queries = new Map<string, Map<string, OnDemandQuery | null>>();
  /** Lookups this path answered itself (the rest went to the Nest route). */
  served = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lookup: ArticleLookupService,
    private readonly guard: BearerAuthGuard,
    private readonly shedder: LoadShedder,
    @Inject(REQUEST_TRACKER) private readonly tracker: RequestTracker,
    @Inject(CONFIG) config: OkapiConfig,
  ) {
    this.hostAllowed = hostPolicy(config);
  }

  onApplicationBootstrap(): void {
    // Unset outside an HTTP application, although Nest types it as always there.
    const adapter = this.adapterHost.httpAdapter as AbstractHttpAdapter | undefined;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const listeners = server.listeners('request') as Listener[];
    const fallback: Listener = (req, res) => {
      for (const l of listeners) l.call(server, req, res);
    };
    server.removeAllListeners('request');
    // The front door of every request: load shedding first (a refusal costs no request scope),
    // then this path, then express.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const admission = this.shedder.admit(req, res);
      if (admission === 'later') this.shedder.later(() => runInRequestScope(req, res, () => fallback(req, res)));
      if (admission !== 'go') return;
      runInRequestScope(req, res, () => {
        let taken: boolean;
        try {
          taken = this.tryServe(req, res, fallback);
        } catch {
          // Not answered: the Nest route answers (or fails with a 500 and a request id there).
          return recover(req, res, fallback);
        }
        if (!taken) fallback(req, res);
      });
    });
  }

  /** True when it took the request (it then answers it or hands it to `fallback` later). */
  private tryServe(req: IncomingMessage, res: ServerResponse, fallback: Listener): boolean {
    const url = req.url;
    const method = req.method;
    if ((method !== 'GET' && method !== 'POST') || url === undefined || !url.startsWith(PREFIX)) return false;
    const end = url.indexOf('?');
    const name = end < 0 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, end);
    if (name.length === 0 || name.includes('/')) return false;
    const headers = req.headers;
    if (!this.hostAllowed(headers.host) || !this.routeAllows(req, res, method)) return false;
    const length = headers['content-length'];
    const hasBody = (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
    if (!hasBody) return this.serve(req, res, fallback, url, name, end, undefined);
    if (!isJson(headers['content-type']) || headers['content-encoding'] !== undefined) return false;
    if (length !== undefined && !(Number(length) <= MAX_BODY_BYTES)) return false;
    readBody(req, (bytes) => {
      if (bytes === undefined) return this.refuse(req, res, BODY_TOO_LARGE);
      const text = bytes.toString('utf8');
      // The same refusal as express's parser gives (security/json-depth.ts), before anything parses
      // it; a body remembered for this path passed it when first seen.
      if (this.queries.get(url)?.has(text) !== true && jsonDepthExceeds(bytes))
        return this.refuse(req, res, JSON_TOO_DEEP);
      if (!this.serve(req, res, fallback, url, name, end, text)) this.handOver(req, res, fallback, text);
    });
    return true;
  }

  /** Parses (or recalls) the query and answers it; false when the Nest route should. */
  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    fallback: Listener,
    url: string,
    name: string,
    end: number,
    bodyText: string | undefined,
  ): boolean {
    const q = this.queryOf(url, name, end, bodyText);
    if (q === null) return false;
    const started = performance.now();
    const accept = req.headers.accept;
    const ndjson = accept !== undefined && accept.includes('application/x-ndjson');
    // A read-model cache hit is answered in this very tick: no promise, no microtask hops.
    const now = this.lookup.bodyNow(q, ndjson);
    if (now !== undefined) {
      this.answer(req, res, now, ndjson, started);
      return true;
    }
    this.lookup
      .body(q, ndjson, false)
      .then(
        (b) => this.answer(req, res, b, ndjson, started),
        () => this.handOver(req, res, fallback, bodyText),
      )
      .catch(() => recover(req, res, fallback));
    return true;
  }

  /** Asks the global guard about the route this path serves, as Nest would (its decision, not a copy). */
  private routeAllows(req: IncomingMessage, res: ServerResponse, method: string): boolean {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the guard only reads the handler's metadata, never calls it
    const handler = method === 'GET' ? ArticlesController.prototype.get : ArticlesController.prototype.post;
    try {
      return this.guard.allows(req, res, handler, ArticlesController);
    } catch {
      return false; // the Nest route runs the guard again and answers its refusal
    }
  }

  /** To the Nest route, with the body already read given as parsed (express's parser skips it). */
  private handOver(req: BodyRequest, res: ServerResponse, fallback: Listener, bodyText: string | undefined): void {
    let body: unknown;
    try {
      body = bodyText ? parseJsonSafely(bodyText) : undefined;
    } catch {
      body = INVALID_JSON;
    }
    // express's JSON parser would have said 400 request.invalid_json; the body is gone, so say it here.
    if (body === INVALID_JSON) return this.refuse(req, res, NOT_JSON);
    req.body = body;
    fallback(req, res);
  }

  /** A refusal of the body itself, worded as the Nest app words it (the body is read, so it is answered here). */
  private refuse(req: IncomingMessage, res: ServerResponse, { status, code, message }: Refusal): void {
    const started = performance.now();
    const id = this.tracker.requestId(req);
    const body = JSON.stringify(errorBody(status, code, message, req.url, id));
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(body),
      'x-request-id': id,
      ...(status === 413 ? { connection: 'close' } : {}),
    });
    res.end(body);
    this.tracker.record(req, ROUTE, status, id, started);
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: Buffer, ndjson: boolean, started: number): void {
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
    this.served++;
    this.tracker.record(req, ROUTE, 200, id, started);
  }

  /** The parsed query of a lookup, or null when it is not a valid one (the Nest route says why). */
  private queryOf(url: string, name: string, end: number, bodyText: string | undefined): OnDemandQuery | null {
    // Per path, then per body text: no key string is built per request.
    const memoable = bodyText === undefined || bodyText.length <= MEMO_BODY_MAX;
    let byBody = this.queries.get(url);
    let q = memoable ? byBody?.get(bodyText ?? '') : undefined;
    if (q !== undefined) return q;
    try {
      const query = end < 0 ? undefined : parseQueryString(url.slice(end + 1));
      const body = bodyText ? parseJsonSafely(bodyText) : undefined;
      q = parseOnDemandRequest(decodeURIComponent(name), query, body);
    } catch {
      q = null;
    }
    if (memoable) {
      if (!byBody) {
        if (this.queries.size >= QUERY_MEMO_MAX) this.queries.delete(this.queries.keys().next().value as string);
        byBody = new Map();
        this.queries.set(url, byBody);
      }
      if (byBody.size < BODIES_PER_PATH) byBody.set(bodyText ?? '', q);
    }
    return q;
  }
}

const INVALID_JSON = Symbol('invalid JSON');

/** Content types already judged (clients send one or two): at most JSON_TYPES_MAX remembered. */
const jsonTypes = new Map<string, boolean>();
const JSON_TYPES_MAX = 64;

function isJson(type: string | undefined): boolean {
  if (type === undefined) return false;
  let json = jsonTypes.get(type);
  if (json === undefined) {
    const t = type.split(';', 1)[0].trim().toLowerCase();
    json = t === 'application/json' || (t.startsWith('application/') && t.endsWith('+json'));
    if (jsonTypes.size >= JSON_TYPES_MAX) jsonTypes.clear();
    jsonTypes.set(type, json);
  }
  return json;
}

/** Calls `done` with the body's bytes, or undefined when it grows past MAX_BODY_BYTES. */
function readBody(req: IncomingMessage, done: (bytes: Buffer | undefined) => void): void {
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.resume();
      done(undefined);
    } else if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  };
  const onEnd = (): void => {
    const all = more ? Buffer.concat(more, size) : first;
    done(all ?? Buffer.alloc(0));
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', () => req.destroy());
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
