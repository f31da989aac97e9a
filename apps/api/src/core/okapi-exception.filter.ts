import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpErrorOf } from './http-errors';
import { allowedMethods, RegisteredRoute } from './registered-routes';
import { stackText } from '@okapi/adapters/logging';

/** Body shape: WME's `{status, message}` plus RFC 9457 problem-detail fields and a stable `code`. */
export interface ErrorBody {
  status: number;
  message: string;
  code: string;
  type: string;
  title: string;
  instance?: string;
  /** Also in the `X-Request-Id` header; the log line of the failure carries it too. */
  request_id?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  416: 'Range Not Satisfiable',
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function errorBody(
  status: number,
  code: string,
  message: string,
  instance?: string,
  requestId?: string,
): ErrorBody {
  return {
    status,
    message,
    code,
    type: `https://okapi.dev/errors/${code}`,
    title: TITLES[status] ?? 'Error',
    instance,
    request_id: requestId,
  };
}

function fromHttpException(e: HttpException): { status: number; code: string; message: string } {
  const status = e.getStatus();
  const res = e.getResponse() as string | { message?: string | string[]; code?: string; type?: string };
  const raw = typeof res === 'string' ? res : (res.message ?? e.message);
  const message = Array.isArray(raw) ? raw.join('; ') : raw;
  const code =
    (typeof res === 'object' && res.code) || defaultCode(status, typeof res === 'object' ? res.type : undefined);
  return { status, code, message };
}

function defaultCode(status: number, type?: string): string {
  if (type === 'entity.too.large') return 'request.body_too_large';
  if (type === 'entity.parse.failed') return 'request.invalid_json';
  switch (status) {
    case 400:
      return 'request.invalid';
    case 401:
      return 'auth.unauthorized';
    case 403:
      return 'auth.forbidden';
    case 404:
      return 'route.not_found';
    case 413:
      return 'request.body_too_large';
    case 422:
      return 'request.invalid';
    default:
      return status >= 500 ? 'server.error' : 'request.invalid';
  }
}

type Tracked = IncomingMessage & { id?: string; route?: unknown; originalUrl?: string };

/**
 * Maps every error to a problem body with the request id (body and `X-Request-Id`); never leaks a
 * stack trace, and logs unexpected ones with theirs. A request no route matched but whose path
 * exists under other methods gets 405 with `Allow`. When the response has already started
 * (a stream), the error cannot become a status: an SSE stream gets a final `event: error`, any
 * other body is cut (connection reset) so the client cannot take it for complete.
 * `fail` also serves faults caught outside Nest (request-scope.ts), so it uses Node's API only.
 */
@Catch()
export class OkapiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');
  private routes: readonly RegisteredRoute[] | undefined;

  /** `readRoutes`: the router's routes (read once, on the first unmatched request). */
  constructor(private readonly readRoutes: () => readonly RegisteredRoute[] = () => []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    this.fail(exception, ctx.getRequest<Tracked>(), ctx.getResponse<ServerResponse>());
  }

  fail(exception: unknown, req: Tracked, res: ServerResponse): void {
    let { status, code, message } = describe(exception);
    const id = requestIdOf(req, res);
    if (status >= 500)
      this.logger.error({
        // After the end: work the request left behind (a timer, a shared resource it started).
        msg: res.writableEnded ? 'failure after its request ended' : 'request failed',
        req_id: id,
        method: req.method,
        path: (req.originalUrl ?? req.url)?.slice(0, 512),
        code,
        err: stackText(exception),
      });
    if (res.headersSent)
      return breakOff(res, errorBody(500, 'server.error', 'the response failed midway', undefined, id));
    if (status === 404 && !req.route) {
      const allow = allowedMethods((this.routes ??= this.readRoutes()), (req.url ?? '/').split('?')[0]);
      if (allow.length > 0 && !allow.includes(req.method ?? '')) {
        res.setHeader('Allow', allow.join(', '));
        ({ status, code, message } = {
          status: 405,
          code: 'request.method_not_allowed',
          message: `${req.method} is not allowed here; use ${allow.join(', ')}`,
        });
      }
    }
    const body = JSON.stringify(errorBody(status, code, message, req.originalUrl ?? req.url, id));
    res.statusCode = status;
    res.setHeader('X-Request-Id', id);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }
}

function describe(exception: unknown): { status: number; code: string; message: string } {
  const typed = httpErrorOf(exception);
  if (typed) return typed;
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isBodyParserError(exception)) {
    const code = defaultCode(exception.status, exception.type);
    return {
      status: exception.status,
      code,
      message: code === 'request.invalid_json' ? 'request body is not valid JSON' : exception.message,
    };
  }
  return { status: 500, code: 'server.error', message: 'Internal Server Error' };
}

/** The id the request tracker gave this request (header already set), else a new one. */
function requestIdOf(req: Tracked, res: ServerResponse): string {
  const set = res.getHeader('X-Request-Id');
  if (typeof set === 'string') return set;
  if (req.id) return req.id;
  const id = randomUUID();
  req.id = id;
  return id;
}

function breakOff(res: ServerResponse, body: ErrorBody): void {
  const sse = String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream');
  if (sse && !res.writableEnded && !res.destroyed) {
    res.end(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
    return;
  }
  if (!res.writableEnded) res.destroy();
}
function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { status?: unknown }).status === 'number' &&
    typeof (e as { type?: unknown }).type === 'string'
  );
}
