/**
 * A WME request that cannot be answered as asked (bad `fields`, `filters`, `limit`, `since`,
 * `parts`, `offsets`, ..., on any endpoint). Pure code raises this typed error; only the HTTP edge
 * turns it into a status (422) and a WME `{status, message}` body. One set of codes for realtime,
 * on-demand, metadata and bulk. Codes are a contract (clients switch on them): add, never rename.
 */
export type WmeQueryErrorCode =
  /** The body is not a JSON object. */
  | 'request.invalid_body'
  /** A parameter name outside the endpoint's grammar. */
  | 'request.unknown_parameter'
  /** `__proto__`, `constructor` or `prototype` as a parameter, key or path segment. */
  | 'request.forbidden_key'
  | 'request.invalid_parameter'
  | 'request.invalid_fields'
  | 'request.invalid_filters'
  | 'request.invalid_limit'
  | 'request.invalid_since'
  | 'request.invalid_parts'
  | 'request.invalid_offsets'
  /** Okapi's `offset` / `Last-Event-ID` / `from` resume tokens. */
  | 'request.invalid_offset'
  | 'request.invalid_name'
  | 'request.invalid_revision'
  | 'request.invalid_as_of'
  /** A wiki id that is not one (Okapi stores `enwiki`, `zh_min_nanwiki`). */
  | 'request.invalid_wiki'
  /** Two parameters that cannot both hold (`since` with `parts`, `offset` with `since`, ...). */
  | 'request.conflicting_parameters';

export class WmeQueryError extends Error {
  constructor(
    readonly code: WmeQueryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WmeQueryError';
  }
}

export const queryError = (code: WmeQueryErrorCode, message: string): WmeQueryError => new WmeQueryError(code, message);
