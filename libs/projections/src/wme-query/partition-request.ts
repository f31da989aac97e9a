import { ARTICLE_PARTITIONS, MAX_PARTS, partitionsOfPart } from '@okapi/domain';
import { isEmptyParam, jsonParam } from './request-grammar';
import { ownEntries } from './safe-keys';
import { queryError, WmeQueryError, WmeQueryErrorCode } from './wme-query.errors';

/**
 * WME's parallel consumption (wme-sdk-go example/streaming/README.md; WME realtime handler):
 * `parts` (0..9, each one tenth of the 50 partitions) picks the partitions of a connection;
 * `offsets` ({partition: offset}, inclusive: `offset >= value`) and `since_per_partition`
 * ({partition: RFC3339}, `date_published >= value`) say where each partition starts. Entries for
 * partitions outside the parts are ignored; covered partitions without an entry start where the
 * whole request starts (live by default). `parts` with `since` is refused, as WME does, and so is
 * one partition in both maps.
 * Okapi difference, documented: WME honours the two maps only together with `parts`; Okapi takes
 * maps without `parts` as covering every partition, rather than silently ignoring them.
 */
export type PartitionStart =
  | { readonly kind: 'from'; readonly offset: number }
  | { readonly kind: 'since'; readonly epochMs: number };

export interface PartitionSelection {
  /** The partitions this connection receives. */
  readonly partitions: ReadonlySet<number>;
  /** Where a partition starts when the request says so; the others start with the request. */
  readonly starts: ReadonlyMap<number, PartitionStart>;
}

const bad = (code: WmeQueryErrorCode, message: string): WmeQueryError => queryError(code, message);

/** Query strings carry arrays and maps as JSON text (`parts=0,1` too); bodies as JSON values. */
function jsonValue(v: unknown, code: WmeQueryErrorCode, name: string): unknown {
  if (typeof v === 'string' && /^-?\d+(,-?\d+)*$/.test(v.trim())) return v.trim().split(',').map(Number);
  return jsonParam(v, code, name);
}

const isEmpty = isEmptyParam;

function parseParts(v: unknown): number[] {
  const list = jsonValue(v, 'request.invalid_parts', 'parts');
  const arr = Array.isArray(list) ? list : [list];
  if (arr.length > MAX_PARTS)
    throw bad('request.invalid_parts', `"parts" has ${arr.length} entries, at most ${MAX_PARTS}`);
  return arr.map((p: unknown) => {
    const n = typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= MAX_PARTS)
      throw bad('request.invalid_parts', `part ${JSON.stringify(p)} is not in the range [0,${MAX_PARTS - 1}]`);
    return n;
  });
}

/** `{"<partition>": value}`: keys are partition numbers 0..49, values parsed by `value`. */
function parseMap<T>(
  v: unknown,
  name: string,
  code: WmeQueryErrorCode,
  value: (raw: unknown, partition: number) => T,
): Map<number, T> {
  const obj = jsonValue(v, code, name);
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    throw bad(code, `"${name}" must be an object {"<partition>": value}`);
  const out = new Map<number, T>();
  for (const [key, raw] of ownEntries(obj)) {
    if (!/^\d{1,2}$/.test(key) || Number(key) >= ARTICLE_PARTITIONS)
      throw bad(code, `"${name}" key "${key.slice(0, 20)}" is not a partition in [0,${ARTICLE_PARTITIONS - 1}]`);
    out.set(Number(key), value(raw, Number(key)));
  }
  return out;
}

function offsetValue(raw: unknown, partition: number): PartitionStart {
  const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw bad('request.invalid_offsets', `offset of partition ${partition} must be a non-negative integer`);
  return { kind: 'from', offset: n };
}

export interface RawPartitionParams {
  readonly parts?: unknown;
  readonly offsets?: unknown;
  readonly since_per_partition?: unknown;
  /** Present when the request also gives a global `since` (refused with `parts`, as WME does). */
  readonly hasSince: boolean;
}

/**
 * Undefined when the request names no partitions (the whole stream, one start). `parseSince`
 * is the request's own RFC3339 reader, so both kinds of `since` accept the same texts.
 */
export function parsePartitionSelection(
  p: RawPartitionParams,
  parseSince: (v: unknown) => number,
): PartitionSelection | undefined {
  const hasParts = !isEmpty(p.parts);
  const hasOffsets = !isEmpty(p.offsets);
  const hasSinces = !isEmpty(p.since_per_partition);
  if (!hasParts && !hasOffsets && !hasSinces) return undefined;
  if (p.hasSince && hasParts)
    throw bad(
      'request.conflicting_parameters',
      'for parallel consumption, specify either offsets or time-offsets (since_per_partition), not since',
    );
  const parts = hasParts ? parseParts(p.parts) : Array.from({ length: MAX_PARTS }, (_, i) => i);
  const partitions = new Set(parts.flatMap(partitionsOfPart));
  const starts = new Map<number, PartitionStart>();
  if (hasOffsets)
    for (const [k, s] of parseMap(p.offsets, 'offsets', 'request.invalid_offsets', offsetValue))
      if (partitions.has(k)) starts.set(k, s);
  if (hasSinces) {
    const sinces = parseMap(p.since_per_partition, 'since_per_partition', 'request.invalid_since', (raw) =>
      parseSince(raw),
    );
    for (const [k, epochMs] of sinces) {
      if (!partitions.has(k)) continue;
      if (starts.has(k))
        throw bad(
          'request.conflicting_parameters',
          `for partition ${k}, specify either an offset or a time-offset (since_per_partition), not both`,
        );
      starts.set(k, { kind: 'since', epochMs });
    }
  }
  return { partitions, starts };
}
