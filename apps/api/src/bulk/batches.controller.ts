import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { downloadName } from '@okapi/adapters/storage';
import { BulkCatalog } from './bulk-catalog.service';
import { sendBulkFile } from './bulk-download';
import { parseMetadataQuery as mq } from './metadata-query';

type Q = Record<string, unknown>;

/** WME hourly batches: `/v2/batches/{YYYY-MM-DD}/{HH}[/{id}[/download]]`. HEAD rides on GET. */
@ApiTags('bulk')
@ApiBearerAuth()
@Controller('v2/batches')
export class BatchesController {
  constructor(private readonly catalog: BulkCatalog) {}

  @Get(':date/:hour') list(@Param('date') d: string, @Param('hour') h: string, @Query() q: Q, @Body() b: unknown) {
    return this.catalog.listBatches(d, h, mq(q, b));
  }
  @Post(':date/:hour') @HttpCode(200) listPost(
    @Param('date') d: string,
    @Param('hour') h: string,
    @Query() q: Q,
    @Body() b: unknown,
  ) {
    return this.catalog.listBatches(d, h, mq(q, b));
  }

  @Get(':date/:hour/:id') one(
    @Param('date') d: string,
    @Param('hour') h: string,
    @Param('id') id: string,
    @Query() q: Q,
    @Body() b: unknown,
  ) {
    return this.catalog.batch(d, h, id, mq(q, b));
  }
  @Post(':date/:hour/:id') @HttpCode(200) onePost(
    @Param('date') d: string,
    @Param('hour') h: string,
    @Param('id') id: string,
    @Query() q: Q,
    @Body() b: unknown,
  ) {
    return this.catalog.batch(d, h, id, mq(q, b));
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
