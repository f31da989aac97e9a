import { BULK_SCHEMA, parseRecordRequest, RecordQuery } from '@okapi/projections';

export type { RecordQuery as MetadataQuery } from '@okapi/projections';
export { projectRecord as project, recordMatches as matches } from '@okapi/projections';

/**
 * WME `fields` and `filters` over bulk metadata (snapshots, chunks, batches): the WME query
 * module's grammar, projection and errors, over the bulk metadata schema.
 */
export function parseMetadataQuery(query: unknown, body: unknown): RecordQuery {
  return parseRecordRequest(query, body, BULK_SCHEMA);
}
