import { unprocessable } from '@okapi/adapters/errors/okapi-error';
import { BulkMetadata } from '@okapi/adapters/bulk/bulk-metadata';
import { FieldsParam, FilterDto, FiltersParam, validateRequest } from '../core/request-params';
import { WME_REQUEST_MEMBERS, WmeRequestMembersWithLimit } from '../core/shared-request.dto';

/**
 * WME's `fields` (projection by dotted path, `x.*` for a whole object) and `filters`
 * (`[{field, value}]`, exact equality on scalar fields, all ANDed) over bulk metadata.
 * Parsed by the shared WME parser (core/request-params), so query (`fields=a,b`,
 * `filters=[{"field":..,"value":..}]`), JSON body (POST, or GET with a body) and errors
 * (`request.unknown_parameter`, `request.invalid_fields|filters`) match the other endpoints.
 */
export class BulkQueryDto extends WmeRequestMembersWithLimit {
  @FieldsParam(255)
  fields?: string[];

  @FiltersParam()
  filters?: FilterDto[];
}

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

export function parseMetadataQuery(query: unknown, body: unknown): MetadataQuery {
  const dto = validateRequest(BulkQueryDto, query, body, ['fields', 'filters', 'limit', ...WME_REQUEST_MEMBERS]);
  dto.fields?.forEach(checkField);
  dto.filters?.forEach(checkFilter);
  return dto;
}

// Stricter than the shared top-level key check: bulk metadata's paths are few and fixed.
function checkField(field: string): void {
  const whole = field.endsWith('.*') ? field.slice(0, -2) : undefined;
  if (field in SCALARS || ARRAYS.includes(field) || (whole && OBJECTS.includes(whole))) return;
  const hint = OBJECTS.includes(field) ? ` (use "${field}.*")` : '';
  throw unprocessable('request.invalid_fields', `unknown field "${field}"${hint}`);
}

function checkFilter({ field, value }: FilterDto): void {
  if (!(field in SCALARS))
    throw unprocessable(
      'request.invalid_filters',
      `cannot filter on "${field}" (one of: ${Object.keys(SCALARS).join(', ')})`,
    );
  if (SCALARS[field] === 'number' && !isNumeric(value))
    throw unprocessable('request.invalid_filters', `filter "${field}" needs a number`);
}

/** Numbers may come as JSON numbers or numeric strings (`"14"`), never `""` or `true`. */
function isNumeric(value: string | number | boolean): boolean {
  return typeof value === 'number'
    ? Number.isFinite(value)
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function matches(meta: BulkMetadata, q: MetadataQuery): boolean {
  return (q.filters ?? []).every((f) => {
    const actual = at(meta, f.field);
    return SCALARS[f.field] === 'number' ? Number(actual) === Number(f.value) : String(actual) === String(f.value);
  });
}

/** Keeps only the requested fields, in the metadata's own key order. */
export function project(meta: BulkMetadata, q: MetadataQuery): Partial<BulkMetadata> {
  if (!q.fields?.length) return meta; // `fields=` (empty) means all, as on the metadata endpoints
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
