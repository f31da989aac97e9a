import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { counter } from '@okapi/adapters/metrics';
import { CONFIG } from '@okapi/adapters/runtime';
import { errorBody } from './okapi-exception.filter';

const shedTotal = counter('okapi_http_shed_total', 'Requests answered 503 + Retry-After at the in-flight bound.');

/** Seconds a shed client is asked to wait. */
export const RETRY_AFTER_S = 1;

/** Health probes: never shed nor counted, they must answer under load. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
/**
 * Realtime and replay streams: long-lived connections, not queued work, so they hold no request
 * slot; but opening one costs about a millisecond, so at most STREAMS_PER_TURN are opened per
 * event-loop turn and the rest wait for the next turns (a burst of connects does not stall
 * everything else, probes included).
 */
const STREAMS = new Set(['/v2/articles', '/v2/events']);
export const STREAMS_PER_TURN = 8;

/**
 * `transfer`: a bulk file download (`.../download`), long-lived like a stream: it counts in the
 * turn it arrives in but holds no in-flight slot while its bytes go out (WME clients fetch a file
 * in ten parallel ranges; they must not starve lookups of slots).
 */
type Kind = 'probe' | 'stream' | 'transfer' | 'request';

function kindOf(url: string | undefined): Kind {
  if (url === undefined) return 'request';
  const q = url.indexOf('?');
  let path = (q < 0 ? url : url.slice(0, q)).toLowerCase();
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (PROBES.has(path)) return 'probe';
  if (STREAMS.has(path)) return 'stream';
  return path.endsWith('/download') ? 'transfer' : 'request';
}

/** What the front door does with a request. */
export type Admission = 'go' | 'shed' | 'later';

const SHED_BODY = JSON.stringify(
  errorBody(503, 'server.overloaded', `the server is at its in-flight bound; retry after ${RETRY_AFTER_S} s`),
);
/** A flat header list: Node neither builds nor validates a header object for a refusal. */
const SHED_HEADERS = [
  'content-type',
  'application/json; charset=utf-8',
  'content-length',
  String(Buffer.byteLength(SHED_BODY)),
  'retry-after',
  String(RETRY_AFTER_S),
];

/**
 * Admission at the front door of every request (installed before the on-demand fast path and
 * express). A request is refused at once with 503 and `Retry-After` when OKAPI_MAX_INFLIGHT
 * requests are already in progress (from arrival until their response closes) or already arrived
 * within this event-loop turn: most lookups are answered within the turn they arrive in, so the
 * turn's count is what bounds the queue a burst builds up (each request waits behind the others
 * of its turn). An overload thus shows as quick refusals that well-behaved clients retry later,
 * instead of every client queueing for seconds.
 */
@Injectable()
export class LoadShedder {
  private inflight = 0;
  private thisTurn = 0;
  private streamsThisTurn = 0;
  private turnResetPending = false;
  private readonly waitingStreams: (() => void)[] = [];
  private readonly max: number;
  private readonly release = (): void => {
    this.inflight--;
  };
  private readonly newTurn = (): void => {
    this.turnResetPending = false;
    this.thisTurn = 0;
    this.streamsThisTurn = 0;
    while (this.waitingStreams.length && this.streamsThisTurn < STREAMS_PER_TURN) {
      this.streamsThisTurn++;
      this.waitingStreams.shift()!();
    }
    if (this.waitingStreams.length) this.scheduleTurn();
  };

  constructor(@Inject(CONFIG) config: OkapiConfig) {
    this.max = config.maxInflight;
  }

  /**
   * `go`: handle it now; `shed`: answered 503 here; `later`: a stream over this turn's share,
   * pass its handler to `later()`.
   */
  admit(req: IncomingMessage, res: ServerResponse): Admission {
    const kind = kindOf(req.url);
    if (kind === 'probe') return 'go';
    this.scheduleTurn();
    if (kind === 'stream') {
      if (this.waitingStreams.length === 0 && this.streamsThisTurn < STREAMS_PER_TURN) {
        this.streamsThisTurn++;
        return 'go';
      }
      return 'later';
    }
    if (this.inflight >= this.max || this.thisTurn >= this.max) {
      shedTotal.inc();
      res.writeHead(503, SHED_HEADERS);
      res.end(SHED_BODY);
      req.resume(); // a body is read and dropped, so the connection stays usable
      return 'shed';
    }
    this.thisTurn++;
    if (kind === 'transfer') return 'go';
    this.inflight++;
    res.once('close', this.release);
    return 'go';
  }

  /** Runs a stream's handler in a later turn, in arrival order. */
  later(handle: () => void): void {
    this.waitingStreams.push(handle);
    this.scheduleTurn();
  }

  private scheduleTurn(): void {
    if (this.turnResetPending) return;
    this.turnResetPending = true;
    setImmediate(this.newTurn);
  }
}
