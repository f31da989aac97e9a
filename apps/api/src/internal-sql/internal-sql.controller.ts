import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IsString, MaxLength } from 'class-validator';
import { Analytics } from '@okapi/adapters/clickhouse';
import { OkapiError } from '@okapi/adapters/errors';
import { ANALYTICS } from '@okapi/adapters/runtime';
import { LocalSecret } from '../auth/public.decorator';
import { ApiBody } from '@nestjs/swagger';

export class SqlRequestDto {
  @IsString()
  @MaxLength(100_000)
  sql!: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `POST /internal/sql {"sql": "SELECT ..."}` -> JSONEachRow. How `okapi sql` reaches the chDB
 * directory while `okapi start` holds it. Read-only (checked, and `readonly = 1` on the engine);
 * answers loopback clients only, whatever interface the server binds, and only with the server's
 * local secret (written 0600 into the data directory at start, read by the CLI).
 */
@LocalSecret()
@Controller('internal')
export class InternalSqlController {
  constructor(@Inject(ANALYTICS) private readonly analytics: Analytics) {}

  @Post('sql')
  @HttpCode(200)
  @ApiBody({ type: SqlRequestDto })
  async sql(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
      throw new OkapiError('internal.forbidden', 403, '/internal endpoints answer loopback clients only');
    // No validation pipe here: the body is whatever JSON the client sent.
    const sql = typeof body === 'object' && body !== null && 'sql' in body ? body.sql : undefined;
    if (typeof sql !== 'string') throw new OkapiError('analytics.read_only', 400, 'body must be {"sql": "SELECT ..."}');
    const rows = await this.analytics.queryReadOnly(sql);
    res.status(200).type('application/x-ndjson').send(rows);
  }
}
