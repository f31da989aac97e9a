import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { metricsRegistry } from '@okapi/adapters/metrics';
import { Public } from '../auth/public.decorator';

/** Prometheus scrape endpoint: the process registry every feature registers its metrics in. */
@ApiExcludeController()
@Public()
@Controller()
export class MetricsController {
  @Get('metrics')
  async metrics(@Res() res: Response): Promise<void> {
    res
      .status(200)
      .type(metricsRegistry.contentType)
      .send(await metricsRegistry.metrics());
  }
}
