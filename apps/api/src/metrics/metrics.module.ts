import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** `GET /metrics` (Prometheus text format, prom-client). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
