import { ArticleFlag, SubjectPattern } from './article-subject';
import { RealtimeRequestError } from './realtime-request.error';

/** A WME filter: exact match on one scalar field; all filters of a request are ANDed. */
export interface FieldFilter {
  readonly field: string;
  readonly value: unknown;
}

/** Okapi's vandalism filter: every change (default), only suspect ones, or none of them. */
export type VandalismFilter = 'include' | 'only' | 'exclude';

export type ArticleJson = Readonly<Record<string, unknown>>;

export interface CompiledFilter {
  /**
   * Canonical form: filters with equal keys select exactly the same Articles, so a gateway can
   * evaluate a filter once per message for all the clients that share it.
   */
  readonly key: string;
  /** Narrowing done by subject (broker wildcard or in-memory token match). */
  readonly pattern: SubjectPattern;
  /** The rest, applied to the parsed Article; undefined when the subject says it all. */
  readonly predicate?: (article: ArticleJson) => boolean;
  /** WME partitions the client reads (`parts`); undefined: all. Matched on the message's partition. */
  readonly partitions?: ReadonlySet<number>;
}

/** `f` narrowed to `partitions` (its key says so, so clients with other parts never share it). */
export function withPartitions(f: CompiledFilter, partitions: ReadonlySet<number>): CompiledFilter {
  const key = [...partitions].sort((a, b) => a - b).join(',');
  return { ...f, key: `${f.key}&partition in ${key}`, partitions };
}

type Kind = 'string' | 'integer' | 'boolean';

/** Filterable scalar fields; the first four are also subject tokens. */
const FILTERABLE: Readonly<Record<string, Kind>> = {
  'is_part_of.identifier': 'string',
  'namespace.identifier': 'integer',
  'event.type': 'string',
  'in_language.identifier': 'string',
  name: 'string',
  identifier: 'integer',
  'version.identifier': 'integer',
  'version.is_minor_edit': 'boolean',
  'version.editor.identifier': 'integer',
  'version.editor.name': 'string',
  'version.editor.is_bot': 'boolean',
  'version.editor.is_anonymous': 'boolean',
  'version.scores.revertrisk.prediction': 'boolean',
  'main_entity.identifier': 'string',
};

export const FILTERABLE_FIELDS: readonly string[] = Object.keys(FILTERABLE);

/** WME: the value must be convertible to the field's type, else the request is refused. */
function coerce(field: string, kind: Kind, value: unknown): string | number | boolean {
  const bad = (): never => {
    throw new RealtimeRequestError(
      'stream.invalid_filter',
      `filter "${field}" needs a ${kind} value, got ${JSON.stringify(value)}`,
    );
  };
  switch (kind) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : bad();
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : bad();
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

function valueAt(article: ArticleJson, path: readonly string[]): unknown {
  let cur: unknown = article;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function subjectSafe(field: string, value: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new RealtimeRequestError(
      'stream.invalid_filter',
      `filter "${field}" value ${JSON.stringify(value)} is not a valid identifier`,
    );
  }
  return value;
}

interface Narrowing {
  wiki?: string;
  namespace?: number;
  type?: string;
  flag?: ArticleFlag;
}

/** Puts a subject-level filter into the pattern; returns false when it is not one. */
function narrow(p: Narrowing, field: string, v: string | number | boolean): boolean {
  if (field === 'is_part_of.identifier') p.wiki = conflict(field, p.wiki, subjectSafe(field, String(v)));
  else if (field === 'event.type') p.type = conflict(field, p.type, subjectSafe(field, String(v)));
  else if (field === 'namespace.identifier') p.namespace = conflict(field, p.namespace, v as number);
  else return false;
  return true;
}

/** Two different exact values for one field can never both hold: refuse rather than stream nothing. */
function conflict<T>(field: string, prev: T | undefined, next: T): T {
  if (prev !== undefined && prev !== next)
    throw new RealtimeRequestError('stream.invalid_filter', `filter "${field}" is given twice with different values`);
  return next;
}

/**
 * Compiles WME `filters` plus the vandalism filter into a subject pattern (the broker narrows by
 * it) and a predicate for what subjects cannot express. Throws on unknown fields or bad values.
 */
export function compileFilter(filters: readonly FieldFilter[], vandalism: VandalismFilter = 'include'): CompiledFilter {
  const pattern: Narrowing = {};
  if (vandalism !== 'include') pattern.flag = vandalism === 'only' ? 'suspect' : 'ok';
  const checks: { path: string[]; value: string | number | boolean }[] = [];
  for (const f of filters) {
    const kind = FILTERABLE[f.field];
    if (!kind) {
      throw new RealtimeRequestError(
        'stream.invalid_filter',
        `unknown filter field "${f.field}" (one of: ${FILTERABLE_FIELDS.join(', ')})`,
      );
    }
    const value = coerce(f.field, kind, f.value);
    if (!narrow(pattern, f.field, value)) checks.push({ path: f.field.split('.'), value });
  }
  const key = filterKey(pattern, checks);
  if (checks.length === 0) return { key, pattern };
  return { key, pattern, predicate: (article) => checks.every((c) => valueAt(article, c.path) === c.value) };
}

/** Subject tokens, then the predicate's checks sorted; JSON keeps `"1"` and `1` apart. */
function filterKey(p: Narrowing, checks: readonly { path: string[]; value: string | number | boolean }[]): string {
  const subject = [p.wiki, p.namespace, p.type, p.flag].map((t) => (t === undefined ? '*' : String(t))).join('.');
  const rest = [...new Set(checks.map((c) => `${c.path.join('.')}=${JSON.stringify(c.value)}`))].sort();
  return [subject, ...rest].join('&');
}
