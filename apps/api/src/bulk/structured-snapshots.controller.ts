import { Param, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BulkCatalog } from './bulk-catalog.service';
import { downloadBulk, DownloadRoute } from './bulk-download';
import { BulkQuery, MetadataQuery } from './metadata-query';
import { ApiController, ReadRoute } from '../core/api-controller';

/**
 * WME structured-contents snapshots (beta), at the paths the official SDKs call:
 * `v2/snapshots/structured-contents/` (the Go and older Python SDKs add the trailing slash; express
 * matches it either way), `/{id}`, and HEAD/GET `/{id}/download` with Range. Registered before the
 * snapshots controller, so `structured-contents` is never read as a snapshot identifier.
 */
@ApiController('bulk', 'v2/snapshots/structured-contents')
export class StructuredSnapshotsController {
  constructor(private readonly catalog: BulkCatalog) {}

  @ReadRoute() @ApiOperation({ summary: 'Structured-contents snapshots (metadata, WME shape)' }) list(
    @BulkQuery() q: MetadataQuery,
  ) {
    return this.catalog.listStructuredSnapshots(q);
  }

  @ReadRoute(':id') one(@Param('id') id: string, @BulkQuery() q: MetadataQuery) {
    return this.catalog.structuredSnapshot(id, q);
  }

  @DownloadRoute(':id/download', 'Download a structured-contents snapshot tar.gz (HEAD for headers; Range: bytes=a-b)')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await downloadBulk(this.catalog, this.catalog.structuredSnapshotRef(id), req, res);
  }
}
