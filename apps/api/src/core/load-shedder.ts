import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { counter, gauge } from '@okapi/adapters/metrics';
import { CONFIG } from '@okapi/adapters/runtime';
import { errorBody } from './okapi-exception.filter';

const shedTotal = counter('okapi_http_shed_total', 'Requests answered 503 + Retry-After at the in-flight bound.');
const retryAfterMax = gauge(
  'okapi_http_retry_after_max_seconds',
  'The longest Retry-After given at the latest refusal (refusals get 1 s up to it, uniformly; it grows with the overload).',
);

/**
 * At most 4 s: a client back within the server's keep-alive timeout (Node's 5 s) finds its
 * connection open; past it, it reconnects, a handshake and an accept more for each return.
 */
export const MAX_RETRY_AFTER_S = 4;

/**
 * Retry-After of a refusal: a whole number of seconds drawn uniformly from 1..`spread`, where
 * `spread` doubles after each second in which the server refused more than a quarter of what it
 * admitted and falls back by one after each second it did not (at most MAX_RETRY_AFTER_S).
 *
 * Why not a fixed `Retry-After: 1`: every client refused in one burst comes back in the same
 * second, as a burst again, and while it is refused it costs the server a parse and a write each
 * time (and its client a round trip): under a deep overload most of the server's time went into
 * refusals, and accepted requests waited behind them. Spread over more seconds as the overload
 * grows, fewer of them return each second (a mean wait of up to 2.5 s); at a light overload the wait stays
 * one second.
 */
export class RetryAfterSpread {
  private windowAt = -Infinity;
  private admitted = 0;
  private refused = 0;
  private spread = 1;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {}

  /** Seconds the server currently asks its refused clients to wait, at most. */
  get current(): number {
    this.roll();
    return this.spread;
  }

  admit(): void {
    this.roll();
    this.admitted++;
  }

  /** Counts a refusal and draws its Retry-After. */
  refuse(): number {
    this.roll();
    this.refused++;
    return 1 + Math.floor(this.random() * this.spread);
  }

  private roll(): void {
    const now = this.now();
    if (now - this.windowAt < 1000) return;
    // A quiet second (or more) between: back to the start.
    const idle = now - this.windowAt >= 2000;
    this.spread = idle
      ? 1
      : this.refused * 4 > this.admitted
        ? Math.min(MAX_RETRY_AFTER_S, this.spread * 2)
        : Math.max(1, this.spread - 1);
    this.windowAt = now;
    this.admitted = 0;
    this.refused = 0;
  }
}

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
  return { body, headers };
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
    if (this.inflight >= this.max || this.turnFull()) {
      shedTotal.inc();
      const refusal = REFUSALS[this.retryAfter.refuse()];
      retryAfterMax.set(this.retryAfter.current);
      res.writeHead(503, refusal.headers);
      res.end(refusal.body);
      req.resume(); // a body is read and dropped, so the connection stays usable
      return 'shed';
    }
    if (this.thisTurn === 0) this.turnStartedAt = performance.now();
    this.thisTurn++;
    this.retryAfter.admit();
    if (kind === 'transfer') return 'go';
    this.inflight++;
    res.once('close', this.release);
    return 'go';
  }

  private turnFull(): boolean {
    if (this.thisTurn >= this.max) return true;
    return this.thisTurn >= TURN_FLOOR && performance.now() - this.turnStartedAt >= TURN_BUDGET_MS;
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
