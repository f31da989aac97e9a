import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { counter, histogram, hotCounter } from '@okapi/adapters/metrics';
import { JsonLogger } from '@okapi/adapters/logging';

const requestSeconds = histogram(
  'okapi_http_request_duration_seconds',
  'HTTP request duration by route and status.',
  ['method', 'route', 'status'],
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
);
const requests = counter('okapi_http_requests_total', 'HTTP requests by route and status.', [
  'method',
  'route',
  'status',
]);

/** Accepts a caller's X-Request-Id when it is short and plain, so ids can be traced across hops. */
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_TRACKER = Symbol('REQUEST_TRACKER');

type Routed = IncomingMessage & { id?: string; route?: { path?: string }; baseUrl?: string; originalUrl?: string };

/**
 * Request ids (X-Request-Id in and out), per-route Prometheus metrics and a structured access
 * line per request. Access lines are `debug` for successes (the hot path must not pay a stderr
 * write per lookup), `info` for 4xx and `error` for 5xx.
 */
export class RequestTracker {
  /** Label-bound metric children: prom-client hashes label objects on every call otherwise. */
  private readonly children = new Map<string, { seconds: { observe(v: number): void }; count: { inc(): void } }>();

  constructor(private readonly logger: JsonLogger) {}

  private metricsFor(
    method: string,
    route: string,
    status: number,
  ): { seconds: { observe(v: number): void }; count: { inc(): void } } {
    const key = `${method} ${status} ${route}`;
    let c = this.children.get(key);
    if (!c) {
      // Routes and statuses are few; the bound keeps a stream of odd methods from growing it.
      const kept = this.children.size < 2000;
      c = {
        seconds: requestSeconds.labels(method, route, String(status)),
        count: kept
          ? hotCounter(requests, method, route, String(status))
          : requests.labels(method, route, String(status)),
      };
      if (kept) this.children.set(key, c);
    }
    return c;
  }

  /** The caller's X-Request-Id when it is plain enough, else a new one. */
  requestId(req: IncomingMessage): string {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
  }

  /** Tracks a request through the router: id header now, metrics and access line on finish. */
  track(request: IncomingMessage, res: ServerResponse): void {
    const req = request as Routed;
    const id = this.requestId(req);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      // The matched pattern, not the raw path: bounded label cardinality.
      const pattern = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      this.record(req, pattern, res.statusCode, id, start);
    });
  }

  /**
   * Metrics and access line for a request answered outside the router (the lookup fast path),
   * recorded when its response has been handed to the socket. Runs in 'finish' listeners and
   * after responses: a failure here (a metric, a log write) is logged, never thrown, since
   * nothing above it could catch it and it would take the process down.
   */
  record(req: IncomingMessage, route: string, status: number, id: string, startedAt: bigint): void {
    try {
      this.recordUnguarded(req, route, status, id, startedAt);
    } catch (e) {
      try {
        this.logger.write('error', 'http', {
          msg: 'request metrics failed',
          req_id: id,
          err: String((e as Error)?.stack ?? e),
        });
      } catch {
        // The logger itself is what failed: nothing is left to report to.
      }
    }
  }

  private recordUnguarded(req: IncomingMessage, route: string, status: number, id: string, startedAt: bigint): void {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const metrics = this.metricsFor(req.method ?? '', route, status);
    metrics.seconds.observe(seconds);
    metrics.count.inc();
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    if (this.logger.enabled(level)) {
      const path = ((req as Routed).originalUrl ?? req.url ?? '').slice(0, 512);
      this.logger.write(level, 'http', {
        msg: 'request',
        req_id: id,
        method: req.method,
        path,
        status,
        ms: Math.round(seconds * 1e4) / 10,
      });
    }
  }
}
