import { unprocessable } from '@okapi/adapters/errors/okapi-error';
import { FieldsParam, FilterDto, FiltersParam, validateRequest } from '../core/request-params';
import { WME_REQUEST_MEMBERS, WmeRequestMembersWithLimit } from '../core/shared-request.dto';

/**
 * `fields` and `filters` for the small metadata records (projects, languages, namespaces,
 * codes): the same request shapes as on-demand (class-validator, whitelist), with paths checked
 * against the record's own keys.
 */
export class MetadataQueryDto extends WmeRequestMembersWithLimit {
  @FieldsParam(64)
  fields?: string[];

  @FiltersParam()
  filters?: FilterDto[];
}

type Rec = Record<string, unknown>;

function valueAt(rec: unknown, path: readonly string[]): unknown {
  let at = rec;
  for (const k of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Rec)[k];
  }
  return at;
}

/** Merges query and body (the body wins), refuses unknown parameters, checks paths against `keys`. */
export function parseMetadataQuery(query: unknown, body: unknown, keys: readonly string[]): MetadataQueryDto {
  const dto = validateRequest(MetadataQueryDto, query, body, ['fields', 'filters', 'limit', ...WME_REQUEST_MEMBERS]);
  for (const f of dto.fields ?? []) checkPath(f, keys, 'fields');
  for (const f of dto.filters ?? []) checkPath(f.field, keys, 'filters');
  return dto;
}

function checkPath(path: string, keys: readonly string[], name: string): void {
  if (!keys.includes(path.split('.')[0]))
    throw unprocessable(`request.invalid_${name}`, `unknown field "${path}" (one of: ${keys.join(', ')})`);
}

/** Filters (exact, ANDed) then projects; numbers given as strings match numeric fields. */
export function applyMetadataQuery<T extends object>(records: readonly T[], q: MetadataQueryDto): object[] {
  const kept = records.filter((r) =>
    (q.filters ?? []).every((f) => String(valueAt(r, f.field.split('.'))) === String(f.value)),
  );
  if (!q.fields?.length) return kept;
  return kept.map((r) => pick(r as Rec, q.fields!));
}

function pick(rec: Rec, fields: readonly string[]): Rec {
  const out: Rec = {};
  for (const f of fields) {
    const path = f.endsWith('.*') ? f.slice(0, -2).split('.') : f.split('.');
    const v = valueAt(rec, path);
    if (v === undefined) continue;
    let at = out;
    path.slice(0, -1).forEach((k) => {
      at[k] = (at[k] as Rec | undefined) ?? {};
      at = at[k] as Rec;
    });
    at[path[path.length - 1]] = v;
  }
  return out;
}
