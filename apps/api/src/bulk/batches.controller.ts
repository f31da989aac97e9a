import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BulkCatalog } from './bulk-catalog.service';
import { downloadBulk, DownloadRoute } from './bulk-download';
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

  @DownloadRoute(
    ':date/:hour/:id/download',
    'Download one hourly batch tar.gz (HEAD for headers; one Range: bytes=a-b)',
  )
  async download(
    @Param('date') d: string,
    @Param('hour') h: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await downloadBulk(this.catalog, this.catalog.batchRef(d, h, id), req, res);
  }
}
