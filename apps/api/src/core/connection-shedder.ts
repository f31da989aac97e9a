import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { counter, gauge } from '@okapi/adapters/metrics';
import { Kind, kindOf } from './request-kind';
import { MAX_RETRY_AFTER_S, RetryAfterSpread } from './retry-after-spread';
import { errorBody } from './okapi-exception.filter';

const shedTotal = counter(
  'okapi_http_connections_shed_total',
  'New connections answered 503 + Retry-After and closed at OKAPI_MAX_CONNECTIONS, before their request was parsed.',
);
const counted = gauge(
  'okapi_http_connections_counted',
  'Open client connections counted against OKAPI_MAX_CONNECTIONS (realtime/replay streams and bulk downloads are not).',
);

/** A connection let in past the bound waits at most this long for its request line. */
const PEEK_TIMEOUT_MS = 5_000;
/** A request line longer than this past the bound is not a probe's or a stream's: refused. */
const PEEK_MAX_BYTES = 4_096;
/** A refused connection whose client neither reads nor closes is cut after this. */
const LINGER_MS = 5_000;

/** Marks a connection let in past the bound: it may carry probes and streams only. */
const ONLY_PASSING = Symbol('okapi.onlyPassing');
const OWNER = Symbol('okapi.connectionShedder');
type Tracked = Socket & { [OWNER]?: ConnectionShedder; [ONLY_PASSING]?: true };

const refusal = (seconds: number): Buffer => {
  const body = JSON.stringify(
    errorBody(503, 'server.overloaded', `the server is at its connection bound; retry after ${seconds} s`),
  );
  return Buffer.from(
    'HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\nretry-after: ${seconds}\r\nconnection: close\r\n\r\n${body}`,
  );
};
const SHEDDERS = new WeakMap<Server, ConnectionShedder>();

const REFUSALS = Array.from({ length: MAX_RETRY_AFTER_S + 1 }, (_, s) => refusal(s));

/**
 * Load shedding at the connection, before HTTP parsing: at most `max` client connections are
 * counted at once; a new one past it is answered a raw 503 with `Retry-After`, `Connection:
 * close` and the WME body, then closed, without reaching Node's HTTP parser, express or the
 * request-level LoadShedder.
 *
 * Why at the connection: measured at 2,000 concurrent keep-alive lookups (`okapi bench load`),
 * an accepted lookup spent ~0.1 ms in its handler and most of its time before the server read
 * it: in the kernel, behind the other readable sockets of the server's turn, each of which it
 * parsed (and mostly refused) first. Refusing requests, however cheaply, leaves 2,000 clients
 * each with a request waiting to be read; bounding connections bounds that queue (Little's law:
 * an accepted request waits behind at most `max` others).
 *
 * What counts: every connection from its accept until it closes, except once a request on it
 * turns out to be a realtime/replay stream or a bulk download (LoadShedder's kinds `stream`,
 * `transfer`): those are long-lived and bounded by their own limits, so a firehose client neither
 * takes a lookup's place nor is refused because of lookups. Idle keep-alive connections do count
 * (until Node's 5 s keep-alive timeout closes them): the bound is on what clients hold open.
 *
 * Past the bound, the first bytes are read (they must be: closing a socket with unread data sends
 * a reset that can destroy the 503 on its way) and the request line decides: a health probe
 * (`/healthz`, `/readyz`, `/metrics`) or a stream is let through uncounted, so probes answer and
 * SSE clients connect during a flood; such a connection may then carry only probes and streams
 * (`mayCarry`), so it is no way around the bound. Anything else gets the 503.
 */
export class ConnectionShedder {
  /** Connections refused so far. */
  refused = 0;
  private count = 0;
  private readonly retryAfter = new RetryAfterSpread();

  constructor(
    server: Server,
    private readonly max: number,
  ) {
    SHEDDERS.set(server, this);
    const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
    server.removeAllListeners('connection');
    const handOver = (socket: Socket): void => {
      for (const l of listeners) l.call(server, socket);
    };
    server.on('connection', (socket: Tracked) => {
      if (this.count < this.max) {
        this.retryAfter.admit();
        this.take(socket);
        return handOver(socket);
      }
      this.peek(socket, handOver);
    });
  }

  /** The shedder installed on `server`, if any. */
  static of(server: Server): ConnectionShedder | undefined {
    return SHEDDERS.get(server);
  }

  /** A request on `socket` is long-lived (a stream, a download): the connection leaves the count. */
  static release(socket: Socket): void {
    const s = socket as Tracked;
    const owner = s[OWNER];
    if (!owner) return;
    s[OWNER] = undefined;
    owner.count--;
    counted.set(owner.count);
  }

  /**
   * True when `socket` holds one of the places and none is free: a client refused at the request
   * level then gives its place back (`Connection: close`) instead of holding it idle while it
   * waits out its Retry-After, as a client refused at the connection does.
   */
  static holdsScarcePlace(socket: Socket): boolean {
    const owner = (socket as Tracked)[OWNER];
    return owner !== undefined && owner.count >= owner.max;
  }

  /** False for a request other than a probe or stream on a connection let in past the bound. */
  static mayCarry(socket: Socket, kind: Kind): boolean {
    return (socket as Tracked)[ONLY_PASSING] !== true || kind === 'probe' || kind === 'stream';
  }

  private take(socket: Tracked): void {
    this.count++;
    counted.set(this.count);
    socket[OWNER] = this;
    socket.once('close', () => ConnectionShedder.release(socket));
  }

  private peek(socket: Tracked, handOver: (socket: Socket) => void): void {
    let head: Buffer = Buffer.alloc(0);
    socket.setTimeout(PEEK_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const onData = (chunk: Buffer): void => {
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      const eol = head.indexOf(10);
      if (eol < 0 && head.length < PEEK_MAX_BYTES) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      if (eol >= 0 && passes(head.toString('latin1', 0, eol))) {
        socket.pause();
        socket.unshift(head);
        socket[ONLY_PASSING] = true;
        handOver(socket);
        socket.resume();
        return;
      }
      this.refuse(socket);
    };
    socket.on('data', onData);
  }

  private refuse(socket: Socket): void {
    shedTotal.inc();
    this.refused++;
    const seconds = this.retryAfter.refuse();
    socket.end(REFUSALS[seconds]);
    // Whatever else the client sends is read and dropped until it closes (see the class comment).
    socket.on('data', () => undefined);
    socket.on('end', () => socket.destroy());
    socket.setTimeout(LINGER_MS, () => socket.destroy());
  }
}

/** A request line (`GET /healthz HTTP/1.1`) a connection past the bound may still send. */
function passes(line: string): boolean {
  const sp = line.indexOf(' ');
  const method = line.slice(0, sp);
  if (method !== 'GET' && method !== 'HEAD') return false;
  const kind = kindOf(line.slice(sp + 1, line.lastIndexOf(' ')));
  return kind === 'probe' || kind === 'stream';
}

/** Installs connection shedding on the API's HTTP server (before it listens). */
export function shedConnections(server: Server, maxConnections: number): ConnectionShedder {
  return new ConnectionShedder(server, maxConnections);
}
