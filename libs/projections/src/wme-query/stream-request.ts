import { compileFilter, CompiledFilter, VandalismFilter, withPartitions } from './article-filter';
import { compileFields, FieldsProjection } from './fields-projection';
import { parsePartitionSelection, PartitionSelection } from './partition-request';
import {
  parseFieldList,
  parseFilterList,
  parseLimit,
  parseResumeToken,
  parseSince,
  jsonText,
  readRequest,
  RequestParams,
  WME_REQUEST_MEMBERS,
} from './request-grammar';
import { queryError } from './wme-query.errors';

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
  readonly query: unknown;
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
const KNOWN: readonly string[] = [...WME_REQUEST_MEMBERS, 'offset', 'vandalism'];

function parseVandalism(v: unknown): VandalismFilter {
  if (v === undefined || v === '') return 'include';
  if (v === 'include' || v === 'only' || v === 'exclude') return v;
  throw queryError(
    'request.invalid_parameter',
    `"vandalism" must be include, only or exclude, got ${jsonText(v)?.slice(0, 50)}`,
  );
}

/**
 * Resume precedence: `Last-Event-ID` (a reconnecting EventSource resends its URL, so the header
 * must win over the URL's `offset`), then `offset`, then `since`. `offset` and `since` together
 * are ambiguous and refused.
 */
function parseStart(p: RequestParams, lastEventId: string | undefined, nowMs: number): StreamStart {
  const offset = p.get('offset');
  const since = p.get('since');
  const hasOffset = offset !== undefined && offset !== '';
  const hasSince = since !== undefined && since !== '';
  if (hasOffset && hasSince)
    throw queryError('request.conflicting_parameters', 'give either "offset" or "since", not both');
  if (lastEventId !== undefined && lastEventId.trim() !== '')
    return { kind: 'after', ...parseResumeToken(lastEventId, 'Last-Event-ID') };
  if (hasOffset) return { kind: 'after', ...parseResumeToken(offset, 'offset') };
  if (hasSince) return { kind: 'since', epochMs: parseSince(since, nowMs) };
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
    throw queryError(
      'request.invalid_parameter',
      `Okapi-Stream-Extras: unknown extra "${unknown.slice(0, 40)}" (one of: ${EXTRAS.join(', ')})`,
    );
  return { heartbeat: names.includes('heartbeat'), errors: names.includes('errors') };
}

export function negotiateFormat(accept: string | undefined): StreamFormat {
  return accept !== undefined && /application\/x-ndjson/i.test(accept) ? 'ndjson' : 'sse';
}

/** Validates a realtime request completely, before any byte of the stream is written. */
export function parseStreamRequest(raw: RawStreamParams, nowMs: number): StreamRequest {
  const p = readRequest(raw.query, raw.body, KNOWN);
  parseLimit(p.get('limit'), 0, Number.MAX_SAFE_INTEGER); // checked, then ignored (see KNOWN)
  const start = parseStart(p, raw.lastEventId, nowMs);
  const partitions = parsePartitionSelection(
    {
      parts: p.get('parts'),
      offsets: p.get('offsets'),
      since_per_partition: p.get('since_per_partition'),
      hasSince: start.kind === 'since',
    },
    (v) => parseSince(v, nowMs, 'since_per_partition'),
  );
  const compiled = compileFilter(parseFilterList(p.get('filters')), parseVandalism(p.get('vandalism')));
  const filter = partitions ? withPartitions(compiled, partitions.partitions) : compiled;
  const fields = compileFields(parseFieldList(p.get('fields')));
  const format = negotiateFormat(raw.accept);
  return { start, filter, fields, format, partitions, extras: parseExtras(raw.extras) };
}
