import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore } from '@okapi/domain';
import type { Analytics } from '@okapi/adapters/clickhouse';
import type { ArticleBus, DeadLetterStore } from '@okapi/projections';
import { ANALYTICS, ARTICLE_BUS, DEAD_LETTERS, EVENT_STORE } from '@okapi/adapters/runtime';
import { Public } from '../auth/public.decorator';
import { checkReadiness, deadLetterCheck, EXTRA_READINESS_CHECKS, ReadinessCheck } from '@okapi/adapters/runtime';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  private readonly checks: ReadinessCheck[] = [];

  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Optional() @Inject(ANALYTICS) analytics?: Analytics,
    @Optional() @Inject(ARTICLE_BUS) bus?: ArticleBus,
    @Optional() @Inject(DEAD_LETTERS) deadLetters?: DeadLetterStore,
    @Optional() @Inject(EXTRA_READINESS_CHECKS) extra: readonly ReadinessCheck[] = [],
  ) {
    this.checks.push({ name: 'event_store', probe: () => eventStore.head() });
    if (analytics) this.checks.push({ name: 'analytics', probe: () => analytics.query('SELECT 1 AS ok') });
    if (bus) this.checks.push({ name: 'bus', probe: () => bus.bounds() });
    if (deadLetters) this.checks.push(deadLetterCheck(deadLetters));
    this.checks.push(...extra);
  }

  /** Liveness: the process answers. */
  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: every dependency (event store, ClickHouse, bus) answers and every worker runs; 503
   * naming the failures otherwise. Dead letters waiting for a retry make it `degraded` (still 200).
   */
  @Get('readyz')
  @ApiOperation({
    summary:
      'Readiness: checks the event store, ClickHouse, the bus and (okapi start) the workers (503 when one fails); degraded (200) with dead letters',
  })
  async readyz(@Res() res: Response): Promise<void> {
    const result = await checkReadiness(this.checks);
    res.status(result.status === 'fail' ? 503 : 200).json(result);
  }
}
