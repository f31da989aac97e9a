import { Logger } from '@nestjs/common';
import { EventStore, RecordedEvent, Subscription, toOffset } from '@okapi/domain';
import {
  ArticleBus,
  BusPosition,
  isAfter,
  OutgoingArticle,
  DeadLetterStore,
  DerivationResolver,
} from '@okapi/projections';
import { EventArticleEncoder } from '@okapi/adapters/bus';
import { orderedLookahead } from '@okapi/adapters/bus';
import { recordDerivationFailure } from '@okapi/adapters/derivations';
import { deadLetter, errorText, isInfrastructureFailure } from '@okapi/adapters/dead-letters';
import { sampledGauge } from '@okapi/adapters/metrics';
import { Worker } from '@okapi/adapters/runtime';
import { promised, toError } from '@okapi/adapters/errors';

export interface ArticlePublisherOptions {
  /**
   * Where to start when the bus is empty: `beginning` publishes the whole log (JetStream, whose
   * stream outlives processes), `head` only new events (the in-process bus starts empty at every
   * boot; older offsets are replayed from the event store by the gateway).
   */
  readonly whenEmpty: 'beginning' | 'head';
  /** Where Articles' derived parts come from (default: in-thread, memory only; the same Articles). */
  readonly derivations?: DerivationResolver;
  /** Events whose Articles are assembled ahead of the one being published (default 64). */
  readonly lookahead?: number;
  /** Pending messages before reading pauses for the bus to catch up. Default 5 000. */
  readonly maxPending?: number;
  readonly logger?: Pick<Logger, 'warn' | 'log'>;
  /**
   * Where an event whose Articles cannot be assembled goes (it is skipped, the next ones are
   * published). Without it such an event stops the publisher, which retries it forever.
   */
  readonly deadLetters?: DeadLetterStore;
}

/** The publisher's name in the dead-letter store and `okapi_dead_letters_total`. */
export const PUBLISHER_CONSUMER = 'publisher';

interface ResumePoint {
  readonly from: number;
  /** Messages at or before this position are already in the bus. */
  readonly published?: BusPosition;
}

/**
 * Tails the event store and publishes each event's WME Articles to the bus, in offset order.
 * Its checkpoint is the bus itself: it resumes from the last message stored, at that very
 * offset, skipping the Articles already there, so a crash never duplicates nor loses a message
 * (the bus also dedupes by message id, covering publishes in flight at the crash).
 * Publishes are pipelined: while one batch is in flight the next accumulates. A failure (bus
 * down, store error) ends the loop; the WorkerSupervisor restarts it, resuming from the bus.
 */
export class ArticlePublisher implements Worker {
  readonly name = 'publisher';
  private stopped = false;
  private sub: Subscription | undefined;
  private loop: Promise<void> | undefined;
  /** Offset of the last event whose Articles the bus has acknowledged (all of them). */
  private published: number | undefined;
  private unregisterMetrics: Array<() => void> = [];

  constructor(
    private readonly store: EventStore,
    private readonly bus: ArticleBus,
    private readonly options: ArticlePublisherOptions,
  ) {}

  start(): Promise<void> {
    return promised(() => {
      this.stopped = false;
      this.unregisterMetrics.push(
        sampledGauge(
          'okapi_publisher_offset',
          'Last event-store offset whose Articles are all in the firehose bus',
          () => this.published,
        ),
        sampledGauge(
          'okapi_publisher_lag_events',
          'Events recorded in the event store whose Articles are not yet all in the firehose bus',
          async () =>
            this.published === undefined ? undefined : Math.max(0, Number(await this.store.head()) - this.published),
        ),
      );
      this.loop = this.run();
    });
  }

  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sub?.close();
    await this.loop?.catch(() => undefined);
    for (const unregister of this.unregisterMetrics.splice(0)) unregister();
  }

  private async run(): Promise<void> {
    try {
      await this.publishFrom(await this.resumePoint());
    } catch (e) {
      if (this.stopped) return;
      this.options.logger?.warn(`publisher: ${(e as Error).message}; will resume from the bus's last message`);
      throw e;
    }
  }

  private async resumePoint(): Promise<ResumePoint> {
    const last = await this.bus.lastPosition();
    if (last) return { from: last.offset, published: last };
    if (this.options.whenEmpty === 'beginning') return { from: 0 };
    return { from: Number(await this.store.head()) + 1 };
  }

  /**
   * One event's Articles; when they cannot be assembled (the event's fault, not a store's), the
   * event is dead-lettered and publishes nothing: the firehose stays in offset order and moves on.
   */
  private async encodeOrSetAside(
    encoder: EventArticleEncoder,
    event: RecordedEvent,
    maxBytes: number | undefined,
  ): Promise<OutgoingArticle[]> {
    try {
      const { articles: msgs, derivationFailure } = await encoder.encodeReporting(event);
      // Published without the derived parts; recorded so it is counted and shown in /readyz.
      if (derivationFailure && this.options.deadLetters)
        await recordDerivationFailure(this.options.deadLetters, event, derivationFailure);
      // The bus would refuse it on every attempt (e.g. a 2 MiB revision over NATS's 1 MiB payload).
      for (const m of msgs)
        if (maxBytes !== undefined && Buffer.byteLength(m.data) > maxBytes)
          throw new Error(
            `Article of ${Buffer.byteLength(m.data)} bytes exceeds the bus's largest message (${maxBytes} bytes)`,
          );
      return msgs;
    } catch (e) {
      const store = this.options.deadLetters;
      if (!store || isInfrastructureFailure(e)) throw e;
      await deadLetter(store, PUBLISHER_CONSUMER, event, e);
      this.options.logger?.warn(
        `publisher: event ${Number(event.offset)} (${event.type}, ${event.stream}) set aside: ${errorText(e)}`,
      );
      return [];
    }
  }

  private async publishFrom(point: ResumePoint): Promise<void> {
    const encoder = new EventArticleEncoder(this.store, this.bus.subjectPrefix, this.options.derivations);
    const maxBytes = await this.bus.maxMessageBytes?.();
    const sub = this.store.subscribe(toOffset(point.from));
    this.sub = sub;
    // A failed publish ends the subscription at once, even if no further event arrives.
    const pipe = new PublishPipe(
      this.bus,
      this.options.maxPending ?? 5000,
      () => void sub.close(),
      (offset) => (this.published = offset),
    );
    // Offset 0 is "before the first event": an empty log is fully published.
    this.published ??= Math.max(0, point.from - 1);
    try {
      // Derived parts of the next events are computed (worker threads) while these are published.
      const encoded = orderedLookahead(
        sub as AsyncIterable<RecordedEvent>,
        async (event) => ({
          offset: Number(event.offset),
          msgs: await this.encodeOrSetAside(encoder, event, maxBytes),
        }),
        this.options.lookahead ?? 64,
      );
      for await (const { offset, msgs } of encoded) {
        if (this.stopped) break;
        await pipe.push(
          msgs.filter((m) => isAfter(m, point.published)),
          offset,
        );
      }
      await pipe.drain();
    } finally {
      await sub.close();
    }
  }
}

/** One batch in flight, the next one filling; `push` waits when too much is pending. */
class PublishPipe {
  private pending: OutgoingArticle[] = [];
  private inflight: Promise<void> | undefined;
  private failure: Error | undefined;
  /** Offset of the last event pushed: once everything before it is acknowledged, it is published. */
  private pendingOffset: number | undefined;

  constructor(
    private readonly bus: ArticleBus,
    private readonly maxPending: number,
    private readonly onFailure: () => void,
    private readonly onPublished: (offset: number) => void,
  ) {}

  async push(msgs: readonly OutgoingArticle[], offset: number): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending.push(...msgs);
    this.pendingOffset = offset;
    this.flush();
    if (this.pending.length >= this.maxPending) await this.inflight;
    // eslint-disable-next-line @typescript-eslint/only-throw-error, @typescript-eslint/no-unnecessary-condition -- set by the flush callback while awaiting, TS narrowed it before (TypeScript#9998)
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    while (this.inflight) await this.inflight;
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.inflight || this.failure) return;
    const offset = this.pendingOffset;
    // An event without Articles (or whose were already published) is done once those before it are.
    if (this.pending.length === 0) {
      if (offset !== undefined) this.onPublished(offset);
      return;
    }
    const batch = this.pending;
    this.pending = [];
    this.inflight = this.bus.publish(batch).then(
      () => {
        this.inflight = undefined;
        if (offset !== undefined) this.onPublished(offset);
        this.flush();
      },
      (e: unknown) => {
        this.failure = toError(e);
        this.inflight = undefined;
        this.onFailure();
      },
    );
  }
}
