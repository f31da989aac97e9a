import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { counter, sampledGauge } from '@okapi/adapters/metrics';
import { ArticleHub } from './article-hub';

/** Counted when it happens (rare), so no per-message cost. */
export const clientsDropped = (): ReturnType<typeof counter> =>
  counter(
    'okapi_realtime_clients_dropped_total',
    'Realtime clients cut off for being too slow (stream.client_too_slow)',
  );

/** `okapi_realtime_clients` read from the hub at scrape time; the drop counter shows from boot (0). */
@Injectable()
export class RealtimeMetrics implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(private readonly hub: ArticleHub) {}

  onModuleInit(): void {
    clientsDropped();
    this.unregister = sampledGauge(
      'okapi_realtime_clients',
      'Realtime stream clients connected to this process',
      () => this.hub.size,
    );
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }
}
