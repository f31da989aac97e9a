import { Module } from '@nestjs/common';
import { EventStoreMetrics } from './event-store.metrics';
import { MetricsController } from './metrics.controller';

/** `GET /metrics` (Prometheus text format, prom-client). */
@Module({ controllers: [MetricsController], providers: [EventStoreMetrics] })
export class MetricsModule {}
