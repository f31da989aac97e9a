import { Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { downloadName } from '@okapi/adapters/storage';
import { BulkCatalog } from './bulk-catalog.service';
import { sendBulkFile } from './bulk-download';
import { BulkQuery, MetadataQuery } from './metadata-query';
import { ApiController, ReadRoute } from '../core/api-controller';

/** WME hourly batches: `/v2/batches/{YYYY-MM-DD}/{HH}[/{id}[/download]]`. HEAD rides on GET. */
@ApiController('bulk', 'v2/batches')
export class BatchesController {
  constructor(private readonly catalog: BulkCatalog) {}

  @ReadRoute(':date/:hour') list(@Param('date') d: string, @Param('hour') h: string, @BulkQuery() q: MetadataQuery) {
    return this.catalog.listBatches(d, h, q);
  }

  @ReadRoute(':date/:hour/:id') one(
    @Param('date') d: string,
    @Param('hour') h: string,
    @Param('id') id: string,
    @BulkQuery() q: MetadataQuery,
  ) {
    return this.catalog.batch(d, h, id, q);
  }

  @Get(':date/:hour/:id/download')
  @ApiOperation({ summary: 'Download one hourly batch tar.gz (HEAD for headers; one Range: bytes=a-b)' })
  @ApiProduces('application/gzip')
  async download(
    @Param('date') d: string,
    @Param('hour') h: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ref = this.catalog.batchRef(d, h, id);
    await sendBulkFile(req, res, await this.catalog.open(ref), downloadName(ref));
  }
}
