import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventsReplayService } from './events-replay.service';

/** Raw event replay: `GET /v2/events?from=N[&limit=K]`, NDJSON or SSE (docs/realtime.md). */
@Controller('v2')
export class EventsController {
  constructor(private readonly replay: EventsReplayService) {}

  @Get('events')
  events(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.replay.replay(req, res);
  }
}
