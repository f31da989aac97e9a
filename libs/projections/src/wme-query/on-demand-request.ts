import { ArticleJson, compileFilter } from './article-filter';
import { compileFields, compileStructuredFields, FieldsProjection } from './fields-projection';
import { parseFieldList, parseFilterList, parseLimit, readRequest, WME_REQUEST_MEMBERS } from './request-grammar';
import { queryError } from './wme-query.errors';

/** WME on-demand: `limit` defaults to 3, at most 10 ("limit cannot be greater than 10"). */
export const DEFAULT_LIMIT = 3;
export const MAX_LIMIT = 10;
const MAX_NAME_BYTES = 255;

/** On-demand parameters: the WME Request members plus Okapi's time travel. */
const ON_DEMAND_PARAMETERS: readonly string[] = [...WME_REQUEST_MEMBERS, 'revision', 'as_of'];

/**
 * A validated on-demand request: the read-model narrowing (wiki, namespace) and what is left to
 * apply in memory (other filters, projection). Fields and filters mean what they mean on the
 * firehose, so both products behave the same.
 */
export interface OnDemandQuery {
  readonly name: string;
  readonly wiki?: string;
  readonly namespace?: number;
  readonly eventType?: string;
  readonly predicate?: (doc: ArticleJson) => boolean;
  readonly fields?: FieldsProjection;
  readonly limit: number;
  readonly revision?: number;
  readonly asOf?: string;
  /**
   * Canonical form of everything that shapes the answer besides the name: equal keys give equal
   * bodies for the same stored documents (callers memoise encoded answers by it).
   */
  readonly key: string;
}

/** WME names use underscores for spaces; MediaWiki titles never have leading or trailing blanks. */
export function normaliseName(raw: string): string {
  const name = raw.replace(/_/g, ' ').trim();
  if (name.length === 0) throw queryError('request.invalid_name', 'name must not be empty');
  if (utf8Length(name) > MAX_NAME_BYTES)
    throw queryError('request.invalid_name', `name is longer than ${MAX_NAME_BYTES} bytes`);
  return name;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function positiveInt(v: unknown, code: 'request.invalid_revision', name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw queryError(code, `${name} must be a positive integer`);
  return n;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function rfc3339(v: unknown): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !RFC3339.test(v) || Number.isNaN(Date.parse(v)))
    throw queryError('request.invalid_as_of', 'as_of must be an RFC3339 timestamp');
  return v;
}

export type OnDemandKind = 'article' | 'structured';

/**
 * Parses an on-demand request (`/v2/articles/{name}`, `/v2/structured-contents/{name}`) from its
 * query string and JSON body (the body wins) into a query. Throws WmeQueryError.
 */
export function parseOnDemandRequest(
  rawName: string,
  query: unknown,
  body: unknown,
  kind: OnDemandKind = 'article',
): OnDemandQuery {
  const name = normaliseName(rawName);
  const p = readRequest(query, body, ON_DEMAND_PARAMETERS);
  const fieldList = parseFieldList(p.get('fields'));
  const filter = compileFilter(parseFilterList(p.get('filters')));
  const fields = kind === 'article' ? compileFields(fieldList) : compileStructuredFields(fieldList);
  const limit = parseLimit(p.get('limit'), 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
  const revision = positiveInt(p.get('revision'), 'request.invalid_revision', 'revision');
  const asOf = rfc3339(p.get('as_of'));
  if (revision !== undefined && asOf !== undefined)
    throw queryError('request.conflicting_parameters', 'give either revision or as_of, not both');
  return {
    name,
    wiki: filter.pattern.wiki,
    namespace: filter.pattern.namespace,
    eventType: filter.pattern.type,
    predicate: filter.predicate,
    fields,
    limit,
    revision,
    asOf,
    key: `${kind}|${filter.key}|${fields?.key ?? '*'}|${limit}|${revision ?? ''}|${asOf ?? ''}`,
  };
}

/** True when documents can be served exactly as stored (no parse, no re-serialisation). */
export function isPlain(q: OnDemandQuery): boolean {
  return !q.predicate && !q.fields && !q.eventType && q.revision === undefined && q.asOf === undefined;
}
