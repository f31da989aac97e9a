import { Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { downloadName } from '@okapi/adapters/storage';
import { BulkCatalog } from './bulk-catalog.service';
import { sendBulkFile } from './bulk-download';
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

  @Get(':id/download')
  @ApiOperation({ summary: 'Download the snapshot tar.gz (HEAD for headers; one Range: bytes=a-b)' })
  @ApiProduces('application/gzip')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ref = this.catalog.snapshotRef(id);
    await sendBulkFile(req, res, await this.catalog.open(ref), downloadName(ref));
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

  @Get(':id/chunks/:chunk/download')
  @ApiOperation({ summary: 'Download one chunk tar.gz (chunk: full id, chunk_n or n)' })
  @ApiProduces('application/gzip')
  async chunkDownload(
    @Param('id') id: string,
    @Param('chunk') c: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ref = this.catalog.chunkRef(id, c);
    await sendBulkFile(req, res, await this.catalog.open(ref), downloadName(ref));
  }
}
