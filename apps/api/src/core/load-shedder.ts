import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { counter, gauge } from '@okapi/adapters/metrics';
import { CONFIG } from '@okapi/adapters/runtime';
import { ConnectionShedder } from './connection-shedder';
import { errorBody } from './okapi-exception.filter';
import { kindOf, STREAMS_PER_TURN } from './request-kind';
import { MAX_RETRY_AFTER_S, RetryAfterSpread } from './retry-after-spread';

export { MAX_RETRY_AFTER_S, RetryAfterSpread };

const shedTotal = counter('okapi_http_shed_total', 'Requests answered 503 + Retry-After at the in-flight bound.');
const retryAfterMax = gauge(
  'okapi_http_retry_after_max_seconds',
  'The longest Retry-After given at the latest refusal (refusals get 1 s up to it, uniformly; it grows with the overload).',
);

/**
 * Requests a turn admits whatever their cost, then only while the turn has spent less than
 * TURN_BUDGET_MS since its first admitted request (and never more than OKAPI_MAX_INFLIGHT).
 *
 * Why: the lookups a turn admits are answered one after another within it, so the last one waits
 * for all the others (measured: at 2,000 clients with 64 admitted per turn, an accepted lookup
 * spent ~10x its c=16 time waiting to be read, ~0.1 ms in its handler). A time budget bounds that
 * wait whatever the requests cost; the floor keeps a starved machine (a turn stretched because
 * the thread waits for a core) from refusing a handful of clients.
 */
export const TURN_FLOOR = 16;
export const TURN_BUDGET_MS = 2;

/** What the front door does with a request. */
export type Admission = 'go' | 'shed' | 'later';

/** Body and flat header list of a refusal per Retry-After: Node neither builds nor validates a header object for it. */
const REFUSALS = Array.from({ length: MAX_RETRY_AFTER_S + 1 }, (_, s) => {
  const body = JSON.stringify(
    errorBody(503, 'server.overloaded', `the server is at its in-flight bound; retry after ${s} s`),
  );
  const headers = [
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(body)),
    'retry-after',
    String(s),
  ];
  return { body, headers, closing: [...headers, 'connection', 'close'] };
});

/**
 * Admission at the front door of every request (installed before the on-demand fast path and
 * express). A request is refused at once with 503 and `Retry-After` when OKAPI_MAX_INFLIGHT
 * requests are already in progress (from arrival until their response closes), or when its
 * event-loop turn is full (TURN_FLOOR, TURN_BUDGET_MS): most lookups are answered within the
 * turn they arrive in, so the turn is what bounds the queue a burst builds up (each request waits
 * behind the others of its turn). An overload thus shows as quick refusals that well-behaved
 * clients retry later (RetryAfterSpread), instead of every client queueing for seconds.
 */
@Injectable()
export class LoadShedder {
  private inflight = 0;
  private thisTurn = 0;
  private turnStartedAt = 0;
  private readonly retryAfter = new RetryAfterSpread();
  private streamsThisTurn = 0;
  private turnResetPending = false;
  private readonly waitingStreams: (() => void)[] = [];
  private readonly max: number;
  private readonly turnFloor: number;
  private readonly release = (): void => {
    this.inflight--;
  };
  private readonly newTurn = (): void => {
    this.turnResetPending = false;
    this.thisTurn = 0;
    this.streamsThisTurn = 0;
    while (this.streamsThisTurn < STREAMS_PER_TURN) {
      const admit = this.waitingStreams.shift();
      if (!admit) break;
      this.streamsThisTurn++;
      admit();
    }
    if (this.waitingStreams.length) this.scheduleTurn();
  };

  constructor(@Inject(CONFIG) config: OkapiConfig) {
    this.max = config.maxInflight;
    // The connection bound already bounds a turn's queue (one request at a time per connection):
    // refusing a request of a connection that holds a place only makes its client wait out a
    // Retry-After and give the place to a reconnecting one (connection-shedder.ts), an accept and a
    // handshake more, not a shorter queue.
    this.turnFloor = Math.max(TURN_FLOOR, config.maxConnections);
  }

  /**
   * `go`: handle it now; `shed`: answered 503 here; `later`: a stream over this turn's share,
   * pass its handler to `later()`.
   */
  admit(req: IncomingMessage, res: ServerResponse): Admission {
    const kind = kindOf(req.url);
    if (kind === 'probe') return 'go';
    this.scheduleTurn();
    if (!ConnectionShedder.mayCarry(req.socket, kind)) return this.refuse(req, res);
    if (kind !== 'request') ConnectionShedder.release(req.socket);
    if (kind === 'stream') {
      if (this.waitingStreams.length === 0 && this.streamsThisTurn < STREAMS_PER_TURN) {
        this.streamsThisTurn++;
        return 'go';
      }
      return 'later';
    }
    if (this.inflight >= this.max || this.turnFull()) return this.refuse(req, res);
    if (this.thisTurn === 0) this.turnStartedAt = performance.now();
    this.thisTurn++;
    this.retryAfter.admit();
    if (kind === 'transfer') return 'go';
    this.inflight++;
    res.once('close', this.release);
    return 'go';
  }

  private refuse(req: IncomingMessage, res: ServerResponse): 'shed' {
    shedTotal.inc();
    const refusal = REFUSALS[this.retryAfter.refuse()];
    retryAfterMax.set(this.retryAfter.current);
    res.writeHead(503, ConnectionShedder.holdsScarcePlace(req.socket) ? refusal.closing : refusal.headers);
    res.end(refusal.body);
    req.resume(); // a body is read and dropped, so the connection stays usable
    return 'shed';
  }

  private turnFull(): boolean {
    if (this.thisTurn >= this.max) return true;
    return this.thisTurn >= this.turnFloor && performance.now() - this.turnStartedAt >= TURN_BUDGET_MS;
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
