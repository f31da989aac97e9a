import { Body, Get, HttpCode, Inject, Post, Query, Res, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiProperty } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsString, MaxLength } from 'class-validator';
import type { Analytics } from '@okapi/adapters/clickhouse';
import type { TableSchema } from '@okapi/console-contract';
import { ANALYTICS } from '@okapi/adapters/runtime';
import { edgeValidationPipe } from '../auth/edge-validation.pipe';
import { parseNoParams } from './console-params';
import { DOCUMENTED_TABLES, schemaSql } from './console-queries';
import { ApiController } from '../core/api-controller';

export class SqlQueryDto {
  @ApiProperty({ example: 'SELECT wiki, count() AS edits FROM revisions FINAL GROUP BY wiki' })
  @IsString()
  @MaxLength(100_000)
  sql!: string;
}

/**
 * Authenticated read-only SQL over the documented views: the same `analytics.queryReadOnly` path
 * as `okapi sql` (one statement, checked, and run by the engine with read-only settings).
 */
@ApiController('analytics', 'v2/sql')
export class SqlController {
  constructor(@Inject(ANALYTICS) private readonly analytics: Analytics) {}

  @Post()
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  @ApiOperation({ summary: 'Run one read-only query; rows as NDJSON (JSONEachRow)' })
  async query(@Body() body: SqlQueryDto, @Res() res: Response): Promise<void> {
    const rows = await this.analytics.queryReadOnly(body.sql);
    res.status(200).type('application/x-ndjson').send(rows);
  }

  @Get('schema')
  @ApiOperation({ summary: 'Columns of the documented tables (articles_current, revisions, ...)' })
  async schema(@Query() query: unknown): Promise<TableSchema[]> {
    parseNoParams(query);
    const rows = await this.analytics.query<{ table: string; name: string; type: string }>(schemaSql());
    return DOCUMENTED_TABLES.map((table) => ({
      table,
      columns: rows.filter((r) => r.table === table).map(({ name, type }) => ({ name, type })),
    }));
  }
}
