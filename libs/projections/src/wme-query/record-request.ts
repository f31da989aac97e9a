import {
  compileRecordFields,
  compileRecordFilters,
  FieldsProjection,
  recordSchema,
  RecordSchema,
} from './record-schema';
import { parseFieldList, parseFilterList, parseLimit, readRequest, WME_REQUEST_MEMBERS } from './request-grammar';

/**
 * `fields` and `filters` over the small WME records: metadata (projects, languages, namespaces,
 * codes) and bulk metadata (snapshots, chunks, batches). The SDKs send their whole Request here
 * too: `limit`, `since`, `parts`, `offsets`, `since_per_partition` are accepted and ignored.
 */
export interface RecordQuery {
  readonly fields?: FieldsProjection;
  readonly predicate?: (record: unknown) => boolean;
}

export function parseRecordRequest(query: unknown, body: unknown, schema: RecordSchema): RecordQuery {
  const p = readRequest(query, body, WME_REQUEST_MEMBERS);
  parseLimit(p.get('limit'), 0, Number.MAX_SAFE_INTEGER); // checked, then ignored
  return {
    fields: compileRecordFields(parseFieldList(p.get('fields')), schema),
    predicate: compileRecordFilters(parseFilterList(p.get('filters')), schema),
  };
}

/** True when `record` passes the query's filters. */
export function recordMatches(record: unknown, q: RecordQuery): boolean {
  return q.predicate === undefined || q.predicate(record);
}

/** The record as the query's fields select it (itself when there are none). */
export function projectRecord<T extends object>(record: T, q: RecordQuery): Partial<T> {
  return q.fields ? (q.fields.apply(record as Readonly<Record<string, unknown>>) as Partial<T>) : record;
}

/** Filters, then projects. */
export function applyRecordQuery<T extends object>(records: readonly T[], q: RecordQuery): Partial<T>[] {
  return records.filter((r) => recordMatches(r, q)).map((r) => projectRecord(r, q));
}

const LANGUAGE = { identifier: 'leaf', name: 'leaf', alternate_name: 'leaf', direction: 'leaf' } as const;

/** WME `/v2/projects` records. */
export const PROJECT_SCHEMA = recordSchema(
  'project',
  { name: 'leaf', identifier: 'leaf', url: 'leaf', code: 'leaf', in_language: LANGUAGE },
  { name: 'string', identifier: 'string', url: 'string', code: 'string', 'in_language.identifier': 'string' },
);

/** WME `/v2/languages` records. */
export const LANGUAGE_SCHEMA = recordSchema('language', LANGUAGE, {
  identifier: 'string',
  name: 'string',
  alternate_name: 'string',
  direction: 'string',
});

/** WME `/v2/namespaces` records. */
export const NAMESPACE_SCHEMA = recordSchema(
  'namespace',
  { identifier: 'leaf', name: 'leaf', description: 'leaf' },
  { identifier: 'integer', name: 'string', description: 'string' },
);

/** WME `/v2/codes` records. */
export const CODE_SCHEMA = recordSchema(
  'code',
  { identifier: 'leaf', name: 'leaf', description: 'leaf' },
  { identifier: 'string', name: 'string', description: 'string' },
);

/** Snapshot, chunk and batch metadata. */
export const BULK_SCHEMA = recordSchema(
  'bulk metadata',
  {
    identifier: 'leaf',
    name: 'leaf',
    version: 'leaf',
    date_modified: 'leaf',
    is_part_of: { identifier: 'leaf', url: 'leaf' },
    in_language: { identifier: 'leaf' },
    namespace: { identifier: 'leaf' },
    size: { value: 'leaf', unit_text: 'leaf' },
    chunks: 'leaf',
    sha256: 'leaf',
  },
  {
    identifier: 'string',
    version: 'string',
    date_modified: 'string',
    'is_part_of.identifier': 'string',
    'in_language.identifier': 'string',
    'namespace.identifier': 'integer',
    'size.value': 'number',
    'size.unit_text': 'string',
    sha256: 'string',
  },
);
