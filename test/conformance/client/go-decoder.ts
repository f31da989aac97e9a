/**
 * What Go's `encoding/json` does when the official WME Go SDK (wikimedia-enterprise/wme-sdk-go,
 * Apache-2.0) `json.Unmarshal`s a response into its structs: a value of the wrong JSON type for a
 * field is an error (`cannot unmarshal string into Go struct field ... of type int`), a number
 * with a fraction into an int is an error, a `*time.Time` must be RFC 3339 text, `null` leaves the
 * zero value, unknown keys are ignored and keys match case-insensitively. Reproduced here so the
 * conformance suite fails exactly where the Go SDK would.
 */
export type GoType =
  | 'string'
  | 'int'
  | 'float64'
  | 'bool'
  | 'time'
  | 'any'
  | { readonly slice: GoType }
  | { readonly map: GoType }
  | GoStruct;

export interface GoStruct {
  readonly name: string;
  /** JSON key -> type; a thunk for recursive types (Part.has_parts). */
  readonly fields: Readonly<Record<string, GoType | (() => GoType)>>;
}

export class GoDecodeError extends Error {
  constructor(message: string) {
    super(`json: ${message}`);
    this.name = 'GoDecodeError';
  }
}

/** Go's time.Time.UnmarshalJSON: RFC 3339, fractional seconds optional, zone required. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function isStruct(t: GoType): t is GoStruct {
  return typeof t === 'object' && 'fields' in t;
}

function typeName(t: GoType): string {
  if (typeof t === 'string') return t === 'time' ? 'time.Time' : t === 'any' ? 'interface {}' : t;
  if (isStruct(t)) return `api.${t.name}`;
  return 'slice' in t ? `[]${typeName(t.slice)}` : `map[string]${typeName(t.map)}`;
}

/** Checks `value` against `type` as Go would decode it; throws GoDecodeError naming the field. */
export function decodeGo(type: GoType, value: unknown, field = ''): void {
  if (value === null || type === 'any') return;
  const fail = (): never => {
    throw new GoDecodeError(
      `cannot unmarshal ${jsonKind(value)} into Go ${field ? `struct field ${field}` : 'value'} of type ${typeName(type)}`,
    );
  };
  switch (type) {
    case 'string':
      if (typeof value !== 'string') fail();
      return;
    case 'bool':
      if (typeof value !== 'boolean') fail();
      return;
    case 'float64':
      if (typeof value !== 'number') fail();
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail();
      return;
    case 'time':
      if (typeof value !== 'string') fail();
      if (!RFC3339.test(value as string) || Number.isNaN(Date.parse(value as string)))
        throw new GoDecodeError(`parsing time ${JSON.stringify(value)} as RFC 3339 (field ${field})`);
      return;
  }
  if (isStruct(type)) {
    if (jsonKind(value) !== 'object') fail();
    const byLower = new Map(Object.keys(type.fields).map((k) => [k.toLowerCase(), k]));
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = Object.hasOwn(type.fields, k) ? k : byLower.get(k.toLowerCase());
      if (key === undefined) continue; // Go ignores unknown keys
      const f = type.fields[key];
      decodeGo(typeof f === 'function' ? f() : f, v, `${field ? `${field}.` : `${type.name}.`}${key}`);
    }
    return;
  }
  if ('slice' in type) {
    if (!Array.isArray(value)) fail();
    (value as unknown[]).forEach((v, i) => decodeGo(type.slice, v, `${field}[${i}]`));
    return;
  }
  if (jsonKind(value) !== 'object') fail();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) decodeGo(type.map, v, `${field}[${k}]`);
}
