import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './okapi-exception.filter';

/** What Node's HTTP parser refused, as the API words it (status, code, message, reason phrase). */
function classify(code: string | undefined): [number, string, string, string] {
  if (code === 'HPE_HEADER_OVERFLOW')
    return [431, 'request.headers_too_large', 'request headers are too large', 'Request Header Fields Too Large'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [408, 'request.timeout', 'the request was not received in time', 'Request Timeout'];
  return [400, 'request.malformed', 'the request is not valid HTTP/1.1', 'Bad Request'];
}

/**
 * Requests Node refuses before any handler runs (a malformed request line or header, headers
 * past the size limit, Content-Length with Transfer-Encoding) get the same WME error body as
 * everything else instead of Node's empty `400 Bad Request`. A missing Host on HTTP/1.1 is left
 * to the Host policy (421 `request.host_not_allowed`, as on HTTP/1.0) instead of Node's empty 400.
 */
export function answerClientErrors(server: Server): void {
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that went away, or a response already under way: nothing can be answered.
    const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const [status, code, message, reason] = classify(err.code);
    const body = JSON.stringify({ ...errorBody(status, code, message), title: reason });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
