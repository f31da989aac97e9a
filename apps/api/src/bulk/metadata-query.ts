import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
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

/**
 * The request's bulk metadata query, read alike from the query string and a JSON body (GET and
 * POST both carry one): `list(@BulkQuery() q: MetadataQuery)`.
 */
export const BulkQuery = createParamDecorator((_: unknown, ctx: ExecutionContext): RecordQuery => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return parseMetadataQuery(req.query, req.body);
});
