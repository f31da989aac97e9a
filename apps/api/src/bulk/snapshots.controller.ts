import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BulkCatalog } from './bulk-catalog.service';
import { downloadBulk, DownloadRoute } from './bulk-download';
import { BulkQuery, MetadataQuery } from './metadata-query';
import { ApiController, ReadRoute } from '../core/api-controller';

/** WME snapshots and chunks. GET and POST read alike (POST carries `fields`/`filters` as JSON). HEAD rides on GET. */
@ApiController('bulk', 'v2/snapshots')
export class SnapshotsController {
  constructor(private readonly catalog: BulkCatalog) {}

  @ReadRoute() list(@BulkQuery() q: MetadataQuery) {
    return this.catalog.listSnapshots(q);
  }

  @ReadRoute(':id') one(@Param('id') id: string, @BulkQuery() q: MetadataQuery) {
    return this.catalog.snapshot(id, q);
  }

  @DownloadRoute(':id/download', 'Download the snapshot tar.gz (HEAD for headers; one Range: bytes=a-b)')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await downloadBulk(this.catalog, this.catalog.snapshotRef(id), req, res);
  }

  @ReadRoute(':id/chunks') chunks(@Param('id') id: string, @BulkQuery() q: MetadataQuery) {
    return this.catalog.listChunks(id, q);
  }

  @ReadRoute(':id/chunks/:chunk') chunk(
    @Param('id') id: string,
    @Param('chunk') c: string,
    @BulkQuery() q: MetadataQuery,
  ) {
    return this.catalog.chunk(id, c, q);
  }

  @DownloadRoute(':id/chunks/:chunk/download', 'Download one chunk tar.gz (chunk: full id, chunk_n or n)')
  async chunkDownload(
    @Param('id') id: string,
    @Param('chunk') c: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await downloadBulk(this.catalog, this.catalog.chunkRef(id, c), req, res);
  }
}
