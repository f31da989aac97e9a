import { queryError, readRequest } from '@okapi/projections';

/**
 * Query parameters of the console endpoints, read by the WME request grammar (unknown and
 * forbidden names refused, into a Map so no request text becomes an object key), each value one
 * string (never an array or object); what comes out is typed data. Errors are the query module's
 * `request.*` codes, which the HTTP edge answers with 422.
 */
function readParams(query: unknown, allowed: readonly string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of readRequest(query, undefined, allowed)) {
    if (typeof value !== 'string')
      throw queryError('request.invalid_parameter', `parameter "${name}" must be given once, as text`);
    params.set(name, value);
  }
  return params;
}

function intParam(params: Map<string, string>, name: string, min: number, max: number, fallback?: number): number {
  const text = params.get(name);
  if (text === undefined) {
    if (fallback === undefined) throw queryError('request.invalid_parameter', `parameter "${name}" is required`);
    return fallback;
  }
  if (!/^\d{1,15}$/.test(text) || Number(text) < min || Number(text) > max)
    throw queryError(
      'request.invalid_parameter',
      `parameter "${name}" must be an integer from ${min} to ${max}, got "${text.slice(0, 30)}"`,
    );
  return Number(text);
}

const WIKI = /^[a-z][a-z0-9_]{1,63}$/;

/** A wiki id as Okapi stores it (`enwiki`, `zh_min_nanwiki`). */
export function wikiId(text: string): string {
  if (!WIKI.test(text))
    throw queryError('request.invalid_wiki', `wiki must look like "enwiki", got "${text.slice(0, 50)}"`);
  return text;
}

/** A positive integer path parameter (page or revision id). */
export function idParam(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
    throw queryError('request.invalid_parameter', `${what} must be a positive integer, got "${text.slice(0, 30)}"`);
  return Number(text);
}

export interface RatesQuery {
  /** Window length ending now, in minutes (1-1440, default 60). */
  readonly minutes: number;
}

export function parseRatesQuery(query: unknown): RatesQuery {
  return { minutes: intParam(readParams(query, ['minutes']), 'minutes', 1, 1440, 60) };
}

export type RevertStatus = 'any' | 'confirmed' | 'unconfirmed';

export interface FlaggedQuery {
  readonly wiki?: string;
  /** `confirmed`: a later identity revert undid it; `unconfirmed`: not (yet). Default `any`. */
  readonly status: RevertStatus;
  readonly limit: number;
}

export function parseFlaggedQuery(query: unknown): FlaggedQuery {
  const params = readParams(query, ['wiki', 'status', 'limit']);
  const wiki = params.get('wiki');
  const status = params.get('status') ?? 'any';
  if (status !== 'any' && status !== 'confirmed' && status !== 'unconfirmed')
    throw queryError('request.invalid_parameter', 'status must be any, confirmed or unconfirmed');
  return {
    ...(wiki ? { wiki: wikiId(wiki) } : {}),
    status,
    limit: intParam(params, 'limit', 1, 500, 100),
  };
}

export interface HistoryQuery {
  readonly limit: number;
}

export function parseHistoryQuery(query: unknown): HistoryQuery {
  return { limit: intParam(readParams(query, ['limit']), 'limit', 1, 1000, 200) };
}

export interface DiffQuery {
  /** The older revision; default: the parent of `to`. */
  readonly from?: number;
  readonly to: number;
}

export function parseDiffQuery(query: unknown): DiffQuery {
  const params = readParams(query, ['from', 'to']);
  const to = intParam(params, 'to', 1, Number.MAX_SAFE_INTEGER);
  return params.has('from') ? { from: intParam(params, 'from', 1, Number.MAX_SAFE_INTEGER), to } : { to };
}

export function parseNoParams(query: unknown): void {
  readParams(query, []);
}
