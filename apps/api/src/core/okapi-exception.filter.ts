import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OkapiError } from '@okapi/adapters/errors/okapi-error';

/** Body shape: WME's `{status, message}` plus RFC 9457 problem-detail fields and a stable `code`. */
export interface ErrorBody {
  status: number;
  message: string;
  code: string;
  type: string;
  title: string;
  instance?: string;
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
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function errorBody(status: number, code: string, message: string, instance?: string): ErrorBody {
  return {
    status,
    message,
    code,
    type: `https://okapi.dev/errors/${code}`,
    title: TITLES[status] ?? 'Error',
    instance,
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

/** Maps every error to a problem body; never leaks a stack trace. */
@Catch()
export class OkapiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    let status = 500;
    let code = 'server.error';
    let message = 'Internal Server Error';
    if (exception instanceof OkapiError) {
      ({ status, code, message } = exception);
    } else if (exception instanceof HttpException) {
      ({ status, code, message } = fromHttpException(exception));
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      code = defaultCode(status, exception.type);
      message = code === 'request.invalid_json' ? 'request body is not valid JSON' : exception.message;
    } else {
      this.logger.error({
        msg: 'unhandled error',
        path: req?.url,
        err: String((exception as Error)?.stack ?? exception),
      });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res
      .status(status)
      .type('application/json')
      .send(errorBody(status, code, message, req?.url));
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { status?: unknown }).status === 'number' &&
    typeof (e as { type?: unknown }).type === 'string'
  );
}
