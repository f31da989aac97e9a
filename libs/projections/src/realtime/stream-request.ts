import { compileFilter, CompiledFilter, FieldFilter, VandalismFilter, withPartitions } from './article-filter';
import { compileFields, FieldsProjection } from './fields-projection';
import { parsePartitionSelection, PartitionSelection } from './partition-request';
import { RealtimeRequestError } from './realtime-request.error';

/**
 * Where a stream starts. `after`: every message whose offset is greater than `offset` (exclusive,
 * like SSE Last-Event-ID); with `index` (ids `N-i`, sent inside an offset that carries several
 * Articles) the rest of offset `N` after its Article `i` comes first. `since`: every message of an event recorded at or after `epochMs`.
 * `live`: only what is published after the request.
 */
export type StreamStart =
  | { readonly kind: 'live' }
  | { readonly kind: 'after'; readonly offset: number; readonly index?: number }
  | { readonly kind: 'since'; readonly epochMs: number };

export type StreamFormat = 'sse' | 'ndjson';

/**
 * NDJSON extras a client asks for with the `Okapi-Stream-Extras` header (`heartbeat`, `errors`):
 * by default an NDJSON stream carries Articles and nothing else, because WME's SDKs decode every
 * line as an Article. SSE always has both (comments and `event: error` are SSE's own).
 */
export interface StreamExtras {
  /** A blank line every heartbeat interval while idle. */
  readonly heartbeat: boolean;
  /** A final `{"error": {...}}` line before the server ends a failing stream. */
  readonly errors: boolean;
}

export interface StreamRequest {
  readonly start: StreamStart;
  /** Includes the partition selection, if any (`filter.partitions`). */
  readonly filter: CompiledFilter;
  readonly fields?: FieldsProjection;
  readonly format: StreamFormat;
  /** WME `parts` / `offsets` / `since_per_partition`; undefined: the whole stream from `start`. */
  readonly partitions?: PartitionSelection;
  readonly extras: StreamExtras;
}

/** What the HTTP edge hands over: query string and JSON body (both allowed on GET and POST). */
export interface RawStreamParams {
  readonly query: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  readonly lastEventId?: string;
  readonly accept?: string;
  /** The `Okapi-Stream-Extras` header. */
  readonly extras?: string;
}

/**
 * Every member of the WME SDKs' shared `Request` (`limit` reaches the stream too, as the SDKs
 * reuse one Request; WME's realtime API ignores it, and so does Okapi), plus Okapi's own.
 */
const KNOWN = ['since', 'fields', 'filters', 'limit', 'parts', 'offsets', 'since_per_partition', 'offset', 'vandalism'];

const bad = (code: RealtimeRequestError['code'], message: string): RealtimeRequestError =>
  new RealtimeRequestError(code, message);

function mergeParams(raw: RawStreamParams): Record<string, unknown> {
  const body = raw.body;
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw bad('stream.invalid_parameter', 'request body must be a JSON object');
  }
  const merged: Record<string, unknown> = { ...raw.query, ...((body as Record<string, unknown> | null) ?? {}) };
  for (const key of Object.keys(merged)) {
    if (!KNOWN.includes(key))
      throw bad('stream.invalid_parameter', `unknown parameter "${key}" (one of: ${KNOWN.join(', ')})`);
  }
  if (merged.limit !== undefined && merged.limit !== '' && !/^\d+$/.test(String(merged.limit)))
    throw bad('stream.invalid_parameter', '"limit" must be a non-negative integer (the stream ignores it)');
  return merged;
}

/** `fields` as a JSON array, a comma-separated string, or repeated query values. */
function parseFields(v: unknown): string[] | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) return parseFields(parseJson(t, 'stream.invalid_fields', 'fields'));
    return t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.flatMap((x: string) => parseFields(x) ?? []);
  throw bad('stream.invalid_fields', '"fields" must be an array of strings');
}

function parseJson(text: string, code: RealtimeRequestError['code'], name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw bad(code, `"${name}" is not valid JSON`);
  }
}

/** `filters` as `[{field, value}]`, or its JSON text (query string). */
function parseFilters(v: unknown): FieldFilter[] {
  if (v === undefined || v === '') return [];
  const list = typeof v === 'string' ? parseJson(v, 'stream.invalid_filter', 'filters') : v;
  const arr = Array.isArray(list) ? list : list !== null && typeof list === 'object' ? Object.values(list) : undefined;
  if (!arr) throw bad('stream.invalid_filter', '"filters" must be an array of {field, value}');
  return arr.map((f) => {
    if (typeof f !== 'object' || f === null || typeof (f as FieldFilter).field !== 'string' || !('value' in f)) {
      throw bad(
        'stream.invalid_filter',
        `each filter must be {"field": string, "value": scalar}, got ${JSON.stringify(f)}`,
      );
    }
    return { field: (f as FieldFilter).field, value: (f as FieldFilter).value };
  });
}

export function parseOffset(v: unknown, name: string): number {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw bad('stream.invalid_offset', `"${name}" must be a non-negative integer offset, got ${JSON.stringify(v)}`);
  }
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
export function parseSince(v: unknown, nowMs: number): number {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const ms = /^\d+$/.test(s) ? Number(s) : RFC3339.test(s) ? Date.parse(s) : NaN;
  if (!Number.isSafeInteger(ms))
    throw bad('stream.invalid_since', `"since" must be RFC3339 or epoch milliseconds, got ${JSON.stringify(v)}`);
  if (ms > nowMs) throw bad('stream.invalid_since', `"since" ${s} is in the future`);
  return ms;
}

function parseVandalism(v: unknown): VandalismFilter {
  if (v === undefined || v === '') return 'include';
  if (v === 'include' || v === 'only' || v === 'exclude') return v;
  throw bad('stream.invalid_parameter', `"vandalism" must be include, only or exclude, got ${JSON.stringify(v)}`);
}

/**
 * Resume precedence: `Last-Event-ID` (a reconnecting EventSource resends its URL, so the header
 * must win over the URL's `offset`), then `offset`, then `since`. `offset` and `since` together
 * are ambiguous and refused.
 */
function parseStart(p: Record<string, unknown>, lastEventId: string | undefined, nowMs: number): StreamStart {
  const hasOffset = p.offset !== undefined && p.offset !== '';
  const hasSince = p.since !== undefined && p.since !== '';
  if (hasOffset && hasSince) throw bad('stream.conflicting_start', 'give either "offset" or "since", not both');
  if (lastEventId !== undefined && lastEventId.trim() !== '')
    return { kind: 'after', ...parseResumeToken(lastEventId, 'Last-Event-ID') };
  if (hasOffset) return { kind: 'after', ...parseResumeToken(p.offset, 'offset') };
  if (hasSince) return { kind: 'since', epochMs: parseSince(p.since, nowMs) };
  return { kind: 'live' };
}

const EXTRAS = ['heartbeat', 'errors'];

export function parseExtras(header: string | undefined): StreamExtras {
  const names = (header ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.find((n) => !EXTRAS.includes(n));
  if (unknown !== undefined)
    throw bad(
      'stream.invalid_parameter',
      `Okapi-Stream-Extras: unknown extra "${unknown.slice(0, 40)}" (one of: ${EXTRAS.join(', ')})`,
    );
  return { heartbeat: names.includes('heartbeat'), errors: names.includes('errors') };
}

export function negotiateFormat(accept: string | undefined): StreamFormat {
  return accept !== undefined && /application\/x-ndjson/i.test(accept) ? 'ndjson' : 'sse';
}

/** Validates a realtime request completely, before any byte of the stream is written. */
export function parseStreamRequest(raw: RawStreamParams, nowMs: number): StreamRequest {
  const p = mergeParams(raw);
  const start = parseStart(p, raw.lastEventId, nowMs);
  const partitions = parsePartitionSelection(
    {
      parts: p.parts,
      offsets: p.offsets,
      since_per_partition: p.since_per_partition,
      hasSince: start.kind === 'since',
    },
    (v) => parseSince(v, nowMs),
  );
  const compiled = compileFilter(parseFilters(p.filters), parseVandalism(p.vandalism));
  const filter = partitions ? withPartitions(compiled, partitions.partitions) : compiled;
  const fields = compileFields(parseFields(p.fields));
  const format = negotiateFormat(raw.accept);
  return { start, filter, fields, format, partitions, extras: parseExtras(raw.extras) };
}
