import { forbiddenKey, isForbiddenKey } from './safe-keys';
import { queryError } from './wme-query.errors';

/**
 * The shape of a WME record (Article, project, snapshot metadata, ...) as far as `fields` and
 * `filters` can name it. One compiler for every endpoint: realtime, on-demand, metadata and bulk
 * project and filter the same way, and refuse the same way.
 *
 * - `fields`: dotted paths to keep. A whole object is selected by its name (`version`) or with the
 *   wildcard (`version.*`); arrays and scalars are leaves. Unknown children of a known object are
 *   accepted (they are simply absent); an unknown top-level name is refused.
 * - `filters`: exact equality on the schema's filterable scalar paths, the value converted to the
 *   field's kind (else refused, as WME does); all filters are ANDed.
 */
export type FieldKind = 'string' | 'integer' | 'number' | 'boolean';

export type ShapeLiteral = 'leaf' | { readonly [key: string]: ShapeLiteral };
type Shape = 'leaf' | ReadonlyMap<string, Shape>;

export interface RecordSchema {
  /** What a message calls the record (`Article`, `snapshot`). */
  readonly name: string;
  readonly shape: ReadonlyMap<string, Shape>;
  readonly filterable: ReadonlyMap<string, FieldKind>;
}

function toShape(literal: ShapeLiteral): Shape {
  if (literal === 'leaf') return 'leaf';
  return new Map(Object.keys(literal).map((k) => [k, toShape(literal[k])]));
}

/** Builds a schema from constant literals (ours, never request values). */
export function recordSchema(
  name: string,
  shape: { readonly [key: string]: ShapeLiteral },
  filterable: { readonly [path: string]: FieldKind },
): RecordSchema {
  return {
    name,
    shape: toShape(shape) as ReadonlyMap<string, Shape>,
    filterable: new Map(Object.keys(filterable).map((k) => [k, filterable[k]])),
  };
}

// ---------------------------------------------------------------- fields

const fieldsError = (message: string) => queryError('request.invalid_fields', message);

/** Checks one path against the shape; returns its segments (without a trailing `*`). */
function checkPath(path: string, schema: RecordSchema): string[] {
  if (typeof path !== 'string' || path.length === 0 || path.length > 255)
    throw fieldsError(`field ${JSON.stringify(path)} must be 1-255 characters`);
  const parts = path.split('.');
  const wildcard = parts[parts.length - 1] === '*';
  const segs = wildcard ? parts.slice(0, -1) : parts;
  for (const s of segs) if (isForbiddenKey(s)) forbiddenKey('fields', s);
  if (segs.length === 0 || segs.some((s) => s === '' || s === '*'))
    throw fieldsError(`field "${path.slice(0, 255)}" is not a dotted path`);
  let shape: Shape | undefined = schema.shape;
  for (const [i, seg] of segs.entries()) {
    if (shape === undefined) break; // unknown sub-field of a known object: accepted, simply absent
    if (shape === 'leaf') throw fieldsError(`field "${path}": "${segs.slice(0, i).join('.')}" has no sub-fields`);
    const next: Shape | undefined = shape.get(seg);
    if (next === undefined && i === 0)
      throw fieldsError(`unknown field "${seg}" (one of: ${[...schema.shape.keys()].join(', ')})`);
    shape = next;
  }
  if (wildcard && shape === 'leaf') throw fieldsError(`field "${path}": "${segs.join('.')}" is not an object`);
  return segs;
}

/** Selection tree: `true` keeps the whole value at that key. Keyed by Map, never by object. */
type Selection = Map<string, Selection | true>;

function addPath(root: Selection, segs: readonly string[]): void {
  let node = root;
  for (const [i, seg] of segs.entries()) {
    const cur = node.get(seg);
    if (cur === true) return;
    if (i === segs.length - 1) {
      node.set(seg, true);
      return;
    }
    const next: Selection = cur ?? (new Map() as Selection);
    node.set(seg, next);
    node = next;
  }
}

type Rec = Readonly<Record<string, unknown>>;

/** Walks the record's own keys (so the output has the record's key order and only its keys). */
function project(value: Rec, sel: Selection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const s = sel.get(key);
    if (s === undefined) continue;
    const v = value[key];
    if (v === undefined) continue;
    if (s === true) out[key] = v;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const sub = project(v as Rec, s);
      if (Object.keys(sub).length) out[key] = sub;
    }
  }
  return out;
}

export interface FieldsProjection {
  /** Canonical form of the selection: equal keys project equally (callers cache by it). */
  readonly key: string;
  apply(record: Rec): Record<string, unknown>;
}

/** Compiles `fields` against `schema`; undefined (or empty) means the whole record. */
export function compileRecordFields(
  fields: readonly string[] | undefined,
  schema: RecordSchema,
): FieldsProjection | undefined {
  if (!fields || fields.length === 0) return undefined;
  const root: Selection = new Map();
  const paths = [...new Set(fields.map((f) => checkPath(f, schema).join('.')))].sort();
  for (const p of paths) addPath(root, p.split('.'));
  return { key: paths.join(','), apply: (record) => project(record, root) };
}

// ---------------------------------------------------------------- filters

/** A WME filter as the request gives it: exact match on one scalar field. */
export interface FieldFilter {
  readonly field: string;
  readonly value: unknown;
}

/** A checked filter: its path and the value converted to the field's kind. */
export interface FilterCheck {
  readonly field: string;
  readonly path: readonly string[];
  readonly value: string | number | boolean;
}

const filtersError = (message: string) => queryError('request.invalid_filters', message);

/** WME: the value must be convertible to the field's type, else the request is refused. */
function coerce(field: string, kind: FieldKind, value: unknown): string | number | boolean {
  const bad = (): never => {
    throw filtersError(
      `filter "${field}" needs ${kind === 'integer' ? 'an' : 'a'} ${kind} value, got ${JSON.stringify(value)}`,
    );
  };
  const numeric = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
  switch (kind) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : bad();
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : bad();
    }
    case 'number': {
      const n = numeric(value);
      return typeof n === 'number' && Number.isFinite(n) ? n : bad();
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : bad();
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Checks every filter against `schema` (unknown field, forbidden segment, value kind). */
export function checkFilters(filters: readonly FieldFilter[], schema: RecordSchema): FilterCheck[] {
  return filters.map((f) => {
    for (const s of f.field.split('.')) if (isForbiddenKey(s)) forbiddenKey('filters', s);
    const kind = schema.filterable.get(f.field);
    if (kind === undefined)
      throw filtersError(
        `cannot filter on "${f.field.slice(0, 255)}" (one of: ${[...schema.filterable.keys()].join(', ')})`,
      );
    return { field: f.field, path: f.field.split('.'), value: coerce(f.field, kind, f.value) };
  });
}

/** The value at a dotted path, through own properties only. */
export function valueAt(record: unknown, path: readonly string[]): unknown {
  let cur: unknown = record;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Rec)[key];
  }
  return cur;
}

/** True when every check holds (no checks: always). */
export function matchesAll(record: unknown, checks: readonly FilterCheck[]): boolean {
  for (const c of checks) if (valueAt(record, c.path) !== c.value) return false;
  return true;
}

/** Compiled filters of a record type: a predicate, or undefined when there is nothing to check. */
export function compileRecordFilters(
  filters: readonly FieldFilter[],
  schema: RecordSchema,
): ((record: unknown) => boolean) | undefined {
  const checks = checkFilters(filters, schema);
  return checks.length ? (record) => matchesAll(record, checks) : undefined;
}
