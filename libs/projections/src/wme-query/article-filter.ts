import { ArticleFlag, SubjectPattern } from '../realtime/article-subject';
import { ARTICLE_SCHEMA } from './fields-projection';
import { checkFilters, FieldFilter, FilterCheck, matchesAll } from './record-schema';
import { queryError } from './wme-query.errors';

export type { FieldFilter } from './record-schema';
export { FILTERABLE_FIELDS } from './article-filterable';

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

function subjectSafe(field: string, value: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw queryError(
      'request.invalid_filters',
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
    throw queryError('request.invalid_filters', `filter "${field}" is given twice with different values`);
  return next;
}

/**
 * Compiles WME `filters` over Articles plus the vandalism filter into a subject pattern (the
 * broker narrows by it) and a predicate for what subjects cannot express. Throws WmeQueryError on
 * unknown fields or bad values.
 */
export function compileFilter(filters: readonly FieldFilter[], vandalism: VandalismFilter = 'include'): CompiledFilter {
  const pattern: Narrowing = {};
  if (vandalism !== 'include') pattern.flag = vandalism === 'only' ? 'suspect' : 'ok';
  const checks: FilterCheck[] = [];
  for (const c of checkFilters(filters, ARTICLE_SCHEMA)) if (!narrow(pattern, c.field, c.value)) checks.push(c);
  const key = filterKey(pattern, checks);
  if (checks.length === 0) return { key, pattern };
  return { key, pattern, predicate: (article) => matchesAll(article, checks) };
}

/** Subject tokens, then the predicate's checks sorted; JSON keeps `"1"` and `1` apart. */
function filterKey(p: Narrowing, checks: readonly FilterCheck[]): string {
  const subject = [p.wiki, p.namespace, p.type, p.flag].map((t) => (t === undefined ? '*' : String(t))).join('.');
  const rest = [...new Set(checks.map((c) => `${c.field}=${JSON.stringify(c.value)}`))].sort();
  return [subject, ...rest].join('&');
}
