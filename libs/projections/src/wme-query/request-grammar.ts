import { FieldFilter } from './record-schema';
import { assertSafeKeys, forbiddenKey, isForbiddenKey, ownEntries, parseJsonSafely } from './safe-keys';
import { queryError, WmeQueryErrorCode } from './wme-query.errors';

/**
 * The WME request grammar, one parser for every endpoint. WME clients send the same parameters
 * in a query string (GET) or a JSON body (POST, and GET too: the Go SDK streams with a GET and a
 * body); the SDKs reuse one `Request` value everywhere, so its members (`since`, `fields`,
 * `filters`, `limit`, `parts`, `offsets`, `since_per_partition`) reach every endpoint, and an
 * endpoint that does not apply one accepts and ignores it, as WME does. Any other name is refused.
 */
export const WME_REQUEST_MEMBERS = [
  'since',
  'fields',
  'filters',
  'limit',
  'parts',
  'offsets',
  'since_per_partition',
] as const;

/** Parameters of one request, body over query; a Map, so no request name becomes an object key. */
export type RequestParams = ReadonlyMap<string, unknown>;

const MAX_PARAMETER_NAME = 100;

/**
 * Merges a parsed query string and a JSON body (the body wins) into a Map, refusing a body that is
 * not an object, unknown names (`allowed` is the endpoint's grammar) and forbidden keys anywhere.
 */
export function readRequest(query: unknown, body: unknown, allowed: readonly string[]): RequestParams {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body)))
    throw queryError('request.invalid_body', 'request body must be a JSON object');
  const params = new Map<string, unknown>();
  for (const source of [query, body]) {
    if (source === undefined || source === null || typeof source !== 'object') continue;
    for (const [name, value] of ownEntries(source)) {
      if (isForbiddenKey(name)) forbiddenKey('parameter', name);
      if (!allowed.includes(name))
        throw queryError(
          'request.unknown_parameter',
          `unknown parameter "${name.slice(0, MAX_PARAMETER_NAME)}" (${allowed.length ? `one of: ${allowed.join(', ')}` : 'this endpoint takes none'})`,
        );
      assertSafeKeys(value, name);
      params.set(name, value);
    }
  }
  return params;
}

/** True when a parameter is absent or empty (`x=`, `[]`, `{}`). */
export function isEmptyParam(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** A query-string value that holds JSON text (arrays, maps); bodies hold JSON values already. */
export function jsonParam(v: unknown, code: WmeQueryErrorCode, name: string): unknown {
  if (typeof v !== 'string') return v;
  let parsed: unknown;
  try {
    parsed = parseJsonSafely(v.trim());
  } catch {
    throw queryError(code, `"${name}" is not valid JSON`);
  }
  assertSafeKeys(parsed, name);
  return parsed;
}

const fieldsError = (message: string) => queryError('request.invalid_fields', message);

/**
 * `fields`: a JSON array, `a,b` text, or repeated query values. Returns the list (each 1-255
 * characters, at most `max`), or undefined when absent or empty.
 */
export function parseFieldList(v: unknown, max = 255): string[] | undefined {
  if (isEmptyParam(v)) return undefined;
  const list = fieldStrings(v);
  if (list.length > max) throw fieldsError(`"fields" has ${list.length} entries, at most ${max}`);
  for (const f of list)
    if (f.length < 1 || f.length > 255) throw fieldsError(`each field must be 1-255 characters, got ${f.length}`);
  return list.length ? list : undefined;
}

function fieldStrings(v: unknown): string[] {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) return fieldStrings(jsonParam(t, 'request.invalid_fields', 'fields'));
    return t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.flatMap((x: string) => fieldStrings(x));
  throw fieldsError('"fields" must be an array of strings');
}

const filtersError = (message: string) => queryError('request.invalid_filters', message);
export const MAX_FILTERS = 64;

/** `filters`: `[{field, value}]` (value a string, number or boolean), or its JSON text. */
export function parseFilterList(v: unknown): FieldFilter[] {
  if (isEmptyParam(v)) return [];
  const list = jsonParam(v, 'request.invalid_filters', 'filters');
  if (!Array.isArray(list)) throw filtersError('"filters" must be an array of {"field": string, "value": scalar}');
  if (list.length > MAX_FILTERS) throw filtersError(`"filters" has ${list.length} entries, at most ${MAX_FILTERS}`);
  return list.map((f: unknown) => {
    if (typeof f !== 'object' || f === null || Array.isArray(f))
      throw filtersError(`each filter must be {"field": string, "value": scalar}, got ${short(f)}`);
    let field: unknown;
    let value: unknown;
    for (const [k, x] of ownEntries(f)) {
      if (k === 'field') field = x;
      else if (k === 'value') value = x;
      else throw filtersError(`a filter has "field" and "value" only, not "${k.slice(0, 50)}"`);
    }
    if (typeof field !== 'string' || field.length < 1 || field.length > 255)
      throw filtersError(`a filter's "field" must be a string of 1-255 characters, got ${short(field)}`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw filtersError(`filter "${field}" needs a string, number or boolean value, got ${short(value)}`);
    return { field, value };
  });
}

/** `JSON.stringify` as it behaves: `undefined` (not a string) for undefined, a function or a symbol. */
export const jsonText = JSON.stringify as (value: unknown) => string | undefined;

function short(v: unknown): string {
  const s = jsonText(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 80)}...` : s;
}

/** `limit`: an integer in [min, max] (strings from a query string allowed). */
export function parseLimit(v: unknown, min: number, max: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw queryError('request.invalid_limit', 'limit must be an integer');
  if (n < min) throw queryError('request.invalid_limit', `limit must be at least ${min}`);
  if (n > max) throw queryError('request.invalid_limit', `limit cannot be greater than ${max}`);
  return n;
}

/** A non-negative integer offset (`offset`, `from`, `Last-Event-ID`). */
export function parseOffset(v: unknown, name: string): number {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)))
    throw queryError('request.invalid_offset', `"${name}" must be a non-negative integer offset, got ${short(v)}`);
  return Number(s);
}

/** A resume token: `N` (after offset N) or `N-i` (after Article i of offset N), as SSE ids are. */
export function parseResumeToken(v: unknown, name: string): { offset: number; index?: number } {
  const s = typeof v === 'string' ? v.trim() : v;
  const m = typeof s === 'string' ? /^(\d+)-(\d+)$/.exec(s) : null;
  if (!m) return { offset: parseOffset(s, name) };
  return { offset: parseOffset(m[1], name), index: parseOffset(m[2], name) };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `since`: RFC3339 or epoch milliseconds; a future instant is refused (as WME does). */
export function parseSince(v: unknown, nowMs: number, name = 'since'): number {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const ms = /^\d+$/.test(s) ? Number(s) : RFC3339.test(s) ? Date.parse(s) : NaN;
  if (!Number.isSafeInteger(ms))
    throw queryError('request.invalid_since', `"${name}" must be RFC3339 or epoch milliseconds, got ${short(v)}`);
  if (ms > nowMs) throw queryError('request.invalid_since', `"${name}" ${s} is in the future`);
  return ms;
}
