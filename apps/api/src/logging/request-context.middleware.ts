import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { counter, histogram } from '@okapi/adapters/metrics/metrics.registry';
import { JsonLogger } from './json-logger';

const requestSeconds = histogram('okapi_http_request_duration_seconds', 'HTTP request duration by route and status.', ['method', 'route', 'status'], [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5]);
const requests = counter('okapi_http_requests_total', 'HTTP requests by route and status.', ['method', 'route', 'status']);

/** Accepts a caller's X-Request-Id when it is short and plain, so ids can be traced across hops. */
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The matched route pattern (bounded label cardinality), not the raw path. */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: string } }).route?.path;
  return route ? `${req.baseUrl}${route}` : 'unmatched';
}

/**
 * Request ids (X-Request-Id in and out), per-route Prometheus metrics and a structured access
 * log line. Access lines are `debug` for successes (the hot path must not pay for a stderr write
 * per lookup), `info` for 4xx and `error` for 5xx.
 */
export function requestContext(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
    (req as Request & { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requestSeconds.observe(labels, seconds);
      requests.inc(labels);
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
      if (logger.enabled(level)) {
        logger.write(level, 'http', { msg: 'request', req_id: id, method: req.method, path: req.originalUrl.slice(0, 512), status: res.statusCode, ms: Math.round(seconds * 1e4) / 10 });
      }
    });
    next();
  };
}
