import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RealtimeService } from './realtime.service';

/**
 * WME realtime: `GET|POST /v2/articles`, parameters in the query string or a JSON body on either
 * method (the official Go SDK sends a GET with a JSON body). SSE by default, NDJSON with
 * `Accept: application/x-ndjson`. Semantics: docs/realtime.md.
 */
@Controller('v2')
export class RealtimeController {
  constructor(private readonly realtime: RealtimeService) {}

  @Get('articles')
  get(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.realtime.stream(req, res);
  }

  @Post('articles')
  @HttpCode(200)
  post(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.realtime.stream(req, res);
  }
}
