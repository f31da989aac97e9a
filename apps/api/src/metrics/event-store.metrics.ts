import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventStore } from '@okapi/domain';
import { sampledGauge } from '@okapi/adapters/metrics';
import { EVENT_STORE } from '@okapi/adapters/runtime';

/** `okapi_event_store_head_offset`, read from the store at scrape time (one cheap query). */
@Injectable()
export class EventStoreMetrics implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onModuleInit(): void {
    this.unregister = sampledGauge(
      'okapi_event_store_head_offset',
      'Offset of the last event recorded in the event store',
      async () => Number(await this.store.head()),
    );
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }
}
