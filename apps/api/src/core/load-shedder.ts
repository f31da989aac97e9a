import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config/env.config';
import { counter } from '@okapi/adapters/metrics/metrics.registry';
import { CONFIG } from '@okapi/adapters/runtime/tokens';
import { errorBody } from './okapi-exception.filter';

const shedTotal = counter('okapi_http_shed_total', 'Requests answered 503 + Retry-After at the in-flight bound.');

/** Seconds a shed client is asked to wait. */
export const RETRY_AFTER_S = 1;

/**
 * Paths never shed nor counted: health probes must answer under load, and realtime/replay
 * streams are long-lived connections, not queued work (a stream holds no request slot).
 */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics', '/v2/articles', '/v2/events']);

function exempt(url: string | undefined): boolean {
  if (url === undefined) return false;
  const q = url.indexOf('?');
  let path = (q < 0 ? url : url.slice(0, q)).toLowerCase();
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return EXEMPT.has(path);
}

const SHED_BODY = JSON.stringify(
  errorBody(503, 'server.overloaded', `the server is at its in-flight bound; retry after ${RETRY_AFTER_S} s`),
);

/**
 * Load shedding at the front door of every request (installed before the on-demand fast path and
 * express): at most OKAPI_MAX_INFLIGHT requests are worked on at once, counted from arrival until
 * the response is closed. A request past the bound is answered at once with 503 and
 * `Retry-After`, so an overload shows as quick refusals instead of every client queueing for
 * seconds. Requests answered within one event-loop turn stay counted until their response has
 * been flushed, so a burst arriving in one turn is bounded too.
 */
@Injectable()
export class LoadShedder {
  private inflight = 0;
  private readonly max: number;
  private readonly release = (): void => {
    this.inflight--;
  };

  constructor(@Inject(CONFIG) config: OkapiConfig) {
    this.max = config.maxInflight ?? 64;
  }

  /** True when the request may go on; false when it was answered 503 here. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (exempt(req.url)) return true;
    if (this.inflight >= this.max) {
      shedTotal.inc();
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(SHED_BODY),
        'retry-after': String(RETRY_AFTER_S),
      });
      res.end(SHED_BODY);
      req.resume(); // a body is read and dropped, so the connection stays usable
      return false;
    }
    this.inflight++;
    res.once('close', this.release);
    return true;
  }

  get current(): number {
    return this.inflight;
  }
}
