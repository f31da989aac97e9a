import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { counter, hotCounter, hotHistogram } from '@okapi/adapters/metrics';
import { JsonLogger, stackText } from '@okapi/adapters/logging';

const requestSeconds = hotHistogram(
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

/** Distinct (route, status, method) metric children kept. */
const CHILDREN_MAX = 2000;

interface RouteMetrics {
  readonly seconds: { observe(v: number): void };
  readonly count: { inc(): void };
}

type Routed = IncomingMessage & { id?: string; route?: { path?: string }; baseUrl?: string; originalUrl?: string };

/**
 * Request ids (X-Request-Id in and out), per-route Prometheus metrics and a structured access
 * line per request. Access lines are `debug` for successes (the hot path must not pay a stderr
 * write per lookup), `info` for 4xx and `error` for 5xx.
 */
export class RequestTracker {
  /**
   * Label-bound metric children by route, status and method (nested: no key string is built per
   * request), at most CHILDREN_MAX of them.
   */
  private readonly children = new Map<string, Map<number, Map<string, RouteMetrics>>>();
  private childCount = 0;

  constructor(private readonly logger: JsonLogger) {}

  private metricsFor(method: string, route: string, status: number): RouteMetrics {
    const c = this.children.get(route)?.get(status)?.get(method);
    if (c) return c;
    const labels = [method, route, String(status)];
    // Routes and statuses are few; the bound keeps a stream of odd methods from growing it.
    if (this.childCount >= CHILDREN_MAX)
      return { seconds: requestSeconds.labels(...labels), count: requests.labels(...labels) };
    const made = { seconds: requestSeconds.labels(...labels), count: hotCounter(requests, ...labels) };
    let byStatus = this.children.get(route);
    if (!byStatus) this.children.set(route, (byStatus = new Map<number, Map<string, RouteMetrics>>()));
    let byMethod = byStatus.get(status);
    if (!byMethod) byStatus.set(status, (byMethod = new Map<string, RouteMetrics>()));
    byMethod.set(method, made);
    this.childCount++;
    return made;
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
    const start = performance.now();
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
  record(req: IncomingMessage, route: string, status: number, id: string, startedAt: number): void {
    try {
      this.recordUnguarded(req, route, status, id, startedAt);
    } catch (e) {
      try {
        this.logger.write('error', 'http', {
          msg: 'request metrics failed',
          req_id: id,
          err: stackText(e),
        });
      } catch {
        // The logger itself is what failed: nothing is left to report to.
      }
    }
  }

  private recordUnguarded(req: IncomingMessage, route: string, status: number, id: string, startedAt: number): void {
    const seconds = (performance.now() - startedAt) / 1000;
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
