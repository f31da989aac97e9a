import { unprocessable } from '@okapi/adapters/errors/okapi-error';

/**
 * `fields` and `filters` for the small metadata records (projects, languages, namespaces,
 * codes): the same request shapes as on-demand, checked against the record's own keys.
 */
export interface MetadataQuery {
  readonly fields?: readonly string[];
  readonly filters?: readonly { field: string; value: unknown }[];
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

function parseList(v: unknown, name: string): unknown[] | undefined {
  if (v === undefined || v === '') return undefined;
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (!t.startsWith('[') && name === 'fields') return t.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      /* reported below */
    }
  }
  throw unprocessable(`request.invalid_${name}`, `"${name}" must be a JSON array`);
}

/** Merges query and body, refuses unknown parameters, and checks paths against `keys`. */
export function parseMetadataQuery(query: unknown, body: unknown, keys: readonly string[]): MetadataQuery {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw unprocessable('request.invalid_body', 'request body must be a JSON object');
  }
  const p = { ...(query as Rec | undefined), ...(body as Rec | undefined) };
  for (const k of Object.keys(p)) {
    if (k !== 'fields' && k !== 'filters') throw unprocessable('request.unknown_parameter', `unknown parameter "${k}" (one of: fields, filters)`);
  }
  const fields = parseList(p.fields, 'fields')?.map((f) => checkPath(f, keys, 'fields'));
  const filters = parseList(p.filters, 'filters')?.map((f) => {
    const ff = f as { field?: unknown; value?: unknown } | null;
    if (!ff || typeof ff !== 'object' || !('value' in ff) || !['string', 'number', 'boolean'].includes(typeof ff.value)) {
      throw unprocessable('request.invalid_filters', 'each filter must be {"field": string, "value": scalar}');
    }
    return { field: checkPath(ff.field, keys, 'filters'), value: ff.value };
  });
  return { fields, filters };
}

function checkPath(f: unknown, keys: readonly string[], name: string): string {
  if (typeof f !== 'string' || f.length === 0 || f.length > 255) throw unprocessable(`request.invalid_${name}`, `each ${name === 'fields' ? 'field' : 'filter field'} must be a string of 1-255 characters`);
  if (!keys.includes(f.split('.')[0])) throw unprocessable(`request.invalid_${name}`, `unknown field "${f}" (one of: ${keys.join(', ')})`);
  return f;
}

/** Filters (exact, ANDed) then projects; numbers given as strings match numeric fields. */
export function applyMetadataQuery<T extends object>(records: readonly T[], q: MetadataQuery): object[] {
  const kept = records.filter((r) => (q.filters ?? []).every((f) => String(valueAt(r, f.field.split('.'))) === String(f.value)));
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
