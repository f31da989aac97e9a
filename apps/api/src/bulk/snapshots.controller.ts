import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { downloadName } from '@okapi/adapters/storage';
import { BulkCatalog } from './bulk-catalog.service';
import { sendBulkFile } from './bulk-download';
import { parseMetadataQuery as mq } from './metadata-query';

type Q = Record<string, unknown>;

/** WME snapshots and chunks. GET and POST read alike (POST carries `fields`/`filters` as JSON). HEAD rides on GET. */
@ApiTags('bulk')
@ApiBearerAuth()
@Controller('v2/snapshots')
export class SnapshotsController {
  constructor(private readonly catalog: BulkCatalog) {}

  @Get() list(@Query() q: Q, @Body() b: unknown) {
    return this.catalog.listSnapshots(mq(q, b));
  }
  @Post() @HttpCode(200) listPost(@Query() q: Q, @Body() b: unknown) {
    return this.catalog.listSnapshots(mq(q, b));
  }

  @Get(':id') one(@Param('id') id: string, @Query() q: Q, @Body() b: unknown) {
    return this.catalog.snapshot(id, mq(q, b));
  }
  @Post(':id') @HttpCode(200) onePost(@Param('id') id: string, @Query() q: Q, @Body() b: unknown) {
    return this.catalog.snapshot(id, mq(q, b));
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'Download the snapshot tar.gz (HEAD for headers; one Range: bytes=a-b)' })
  @ApiProduces('application/gzip')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ref = this.catalog.snapshotRef(id);
    await sendBulkFile(req, res, await this.catalog.open(ref), downloadName(ref));
  }

  @Get(':id/chunks') chunks(@Param('id') id: string, @Query() q: Q, @Body() b: unknown) {
    return this.catalog.listChunks(id, mq(q, b));
  }
  @Post(':id/chunks') @HttpCode(200) chunksPost(@Param('id') id: string, @Query() q: Q, @Body() b: unknown) {
    return this.catalog.listChunks(id, mq(q, b));
  }

  @Get(':id/chunks/:chunk') chunk(
    @Param('id') id: string,
    @Param('chunk') c: string,
    @Query() q: Q,
    @Body() b: unknown,
  ) {
    return this.catalog.chunk(id, c, mq(q, b));
  }
  @Post(':id/chunks/:chunk') @HttpCode(200) chunkPost(
    @Param('id') id: string,
    @Param('chunk') c: string,
    @Query() q: Q,
    @Body() b: unknown,
  ) {
    return this.catalog.chunk(id, c, mq(q, b));
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
