import {
  applyRecordQuery,
  CODE_SCHEMA,
  LANGUAGE_SCHEMA,
  NAMESPACE_SCHEMA,
  parseRecordRequest,
  PROJECT_SCHEMA,
  RecordSchema,
} from '@okapi/projections';

/** The metadata record types and their schemas (fields and filters are the WME query module's). */
export const METADATA_SCHEMAS = {
  projects: PROJECT_SCHEMA,
  languages: LANGUAGE_SCHEMA,
  namespaces: NAMESPACE_SCHEMA,
  codes: CODE_SCHEMA,
} as const;

/** Parses the request, then filters and projects `records`. */
export function answerMetadata<T extends object>(
  records: readonly T[],
  query: unknown,
  body: unknown,
  schema: RecordSchema,
): Partial<T>[] {
  return applyRecordQuery(records, parseRecordRequest(query, body, schema));
}
