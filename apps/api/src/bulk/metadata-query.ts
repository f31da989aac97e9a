import { unprocessable } from '@okapi/adapters/errors/okapi-error';
import { BulkMetadata } from '@okapi/adapters/bulk/bulk-metadata';

/**
 * WME's `fields` (projection by dotted path, `x.*` for a whole object) and `filters`
 * (`[{field, value}]`, exact equality on scalar fields, all ANDed) over bulk metadata.
 * Both come from the JSON body (POST, or GET with a body) or the query string
 * (`fields=a,b` and `filters=[{"field":..,"value":..}]` or `filters=field:value`).
 */
export interface MetadataQuery {
  readonly fields?: readonly string[];
  readonly filters?: readonly { readonly field: string; readonly value: string | number | boolean }[];
}

const SCALARS: Record<string, 'string' | 'number'> = {
  identifier: 'string',
  version: 'string',
  date_modified: 'string',
  'is_part_of.identifier': 'string',
  'in_language.identifier': 'string',
  'namespace.identifier': 'number',
  'size.value': 'number',
  'size.unit_text': 'string',
  sha256: 'string',
};
const OBJECTS = ['is_part_of', 'in_language', 'namespace', 'size'];
const ARRAYS = ['chunks'];

export function parseMetadataQuery(query: Record<string, unknown>, body: unknown): MetadataQuery {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    fields: parseFields(b.fields ?? query.fields),
    filters: parseFilters(b.filters ?? query.filters),
  };
}

function parseFields(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  if (list.length > 255) throw unprocessable('request.invalid_fields', 'at most 255 fields');
  return list.map((f) => {
    const field = String(f).trim();
    const whole = field.endsWith('.*') ? field.slice(0, -2) : undefined;
    if (!(field in SCALARS) && !ARRAYS.includes(field) && !(whole && OBJECTS.includes(whole))) {
      const hint = OBJECTS.includes(field) ? ` (use "${field}.*")` : '';
      throw unprocessable('request.invalid_fields', `unknown field "${field}"${hint}`);
    }
    return field;
  });
}

function parseFilters(raw: unknown): MetadataQuery['filters'] {
  if (raw === undefined || raw === '') return undefined;
  let list: unknown = raw;
  if (typeof raw === 'string') list = raw.trim().startsWith('[') ? safeJson(raw) : raw.split(',').map(pairFilter);
  if (!Array.isArray(list)) throw unprocessable('request.invalid_filters', 'filters must be an array of {field, value}');
  return list.map((f: unknown) => {
    const { field, value } = (f ?? {}) as { field?: unknown; value?: unknown };
    if (typeof field !== 'string' || !(field in SCALARS)) throw unprocessable('request.invalid_filters', `cannot filter on "${String(field)}"`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw unprocessable('request.invalid_filters', `filter "${field}" needs a scalar value`);
    if (SCALARS[field] === 'number' && !Number.isFinite(Number(value))) throw unprocessable('request.invalid_filters', `filter "${field}" needs a number`);
    return { field, value: value as string | number | boolean };
  });
}

function pairFilter(pair: string): { field: string; value: string } {
  const i = pair.indexOf(':');
  if (i < 0) throw unprocessable('request.invalid_filters', `filter "${pair.trim()}" must be field:value or JSON [{"field","value"}]`);
  return { field: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim() };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw unprocessable('request.invalid_filters', 'filters is not valid JSON');
  }
}

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function matches(meta: BulkMetadata, q: MetadataQuery): boolean {
  return (q.filters ?? []).every((f) => {
    const actual = at(meta, f.field);
    return SCALARS[f.field] === 'number' ? Number(actual) === Number(f.value) : String(actual) === String(f.value);
  });
}

/** Keeps only the requested fields, in the metadata's own key order. */
export function project(meta: BulkMetadata, q: MetadataQuery): Partial<BulkMetadata> {
  if (!q.fields) return meta;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (q.fields.includes(key) || q.fields.includes(`${key}.*`)) out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const sub = Object.fromEntries(Object.entries(value).filter(([k]) => q.fields!.includes(`${key}.${k}`)));
      if (Object.keys(sub).length) out[key] = sub;
    }
  }
  return out as Partial<BulkMetadata>;
}
