import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const CRLF = Buffer.from('\r\n');

/** One HTTP/1.1 chunk (`{hex length}\r\n{bytes}\r\n`) holding `body`; empty stays empty. */
export function chunkOf(body: Buffer): Buffer {
  if (body.length === 0) return body;
  const head = Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1');
  return Buffer.concat([head, body, CRLF], head.length + body.length + 2);
}

/**
 * The body side of a streaming response whose headers have gone out. When the response is
 * chunked, frames go straight to the socket, framed once per message (the frame Buffers are
 * shared by every client of a view), as one socket write per client per tick.
 *
 * Why not `res.write`: express 5 re-prototypes every response, which leaves each one with its own
 * hidden class, so with a thousand open streams every property access in Node's ServerResponse
 * write path misses V8's inline caches; measured, that doubled the CPU per delivery against a
 * bare Node write loop. Sockets keep one shape. Anything unusual (HTTP/1.0 close-delimited
 * bodies, HEAD, no socket) keeps the plain `res.write` path.
 */
export class StreamWire {
  /** True: `write` takes chunk-framed bytes and writes them to the socket itself. */
  readonly direct: boolean;
  /** The socket when `direct`, else null. */
  private readonly socket: Socket | null;

  constructor(private readonly res: ServerResponse) {
    const chunked = (res as ServerResponse & { chunkedEncoding?: boolean }).chunkedEncoding;
    this.direct = chunked && res.headersSent && res.req.method !== 'HEAD' && res.socket !== null;
    this.socket = this.direct ? res.socket : null;
  }

  /** Writes bytes framed for this wire (see `direct`); false when the socket wants a drain first. */
  write(bytes: Buffer): boolean {
    if (bytes.length === 0) return true;
    return this.socket ? this.socket.write(bytes) : this.res.write(bytes);
  }

  /** Writes unframed bytes (heartbeats, errors): framed here when direct. */
  writeRaw(bytes: Buffer | string): boolean {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    return this.write(this.direct ? chunkOf(b) : b);
  }

  cork(): void {
    if (this.socket) this.socket.cork();
    else this.res.cork();
  }

  uncork(): void {
    if (this.socket) this.socket.uncork();
    else this.res.uncork();
  }

  /** Calls `fn` once when the writer can take more. */
  onceDrain(fn: () => void): void {
    if (this.socket) this.socket.once('drain', fn);
    else this.res.once('drain', fn);
  }

  offDrain(fn: () => void): void {
    if (this.socket) this.socket.off('drain', fn);
    else this.res.off('drain', fn);
  }
}
