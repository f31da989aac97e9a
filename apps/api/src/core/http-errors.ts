import { WmeQueryError } from '@okapi/projections';
import { OkapiError } from '@okapi/adapters/errors';

/** A typed error as the HTTP edge answers it. */
export interface HttpError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * The one place typed errors get an HTTP status: OkapiError carries its own; a WME request the
 * query module refused (WmeQueryError) is 422, as WME answers. Undefined for anything else.
 */
export function httpErrorOf(e: unknown): HttpError | undefined {
  if (e instanceof OkapiError) return { status: e.status, code: e.code, message: e.message };
  if (e instanceof WmeQueryError) return { status: 422, code: e.code, message: e.message };
  return undefined;
}
