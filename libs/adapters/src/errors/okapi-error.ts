/**
 * One error family with stable codes. The API's exception filter maps `status` to HTTP and the
 * body to WME's `{status, message}` plus problem-detail fields (`type`, `code`, `title`).
 * Codes are a contract: clients switch on them. Add new ones; never rename.
 */
export class OkapiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'OkapiError';
  }
}

export const notFound = (code: string, message: string, details?: Record<string, unknown>): OkapiError =>
  new OkapiError(code, 404, message, details);
export const badRequest = (code: string, message: string, details?: Record<string, unknown>): OkapiError =>
  new OkapiError(code, 400, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>): OkapiError =>
  new OkapiError(code, 422, message, details);
export const unauthorized = (message = 'Unauthorized', code = 'auth.unauthorized'): OkapiError =>
  new OkapiError(code, 401, message);
export const unavailable = (code: string, message: string): OkapiError => new OkapiError(code, 503, message);
