import { OkapiConfig } from '../config/env-config';
import { DEFAULT_SUBJECT_PREFIX } from '@okapi/projections';
import { ArticleBus, BusBounds, BusMessage, BusPosition, LiveFeed, OutgoingArticle } from '@okapi/projections';
import { openArticleBus } from './open-article-bus';
import { toError } from '../errors/to-error';

/**
 * Opens the bus on first use, so processes that never touch the firehose (most CLI commands)
 * never connect to NATS. Every caller shares the one underlying bus.
 */
export class LazyArticleBus implements ArticleBus {
  private opened: Promise<ArticleBus> | undefined;

  constructor(
    private readonly open: () => Promise<ArticleBus>,
    readonly subjectPrefix: string,
  ) {}

  private get(): Promise<ArticleBus> {
    this.opened ??= this.open().catch((e: unknown) => {
      this.opened = undefined; // let the next call retry (NATS may come up later)
      throw e;
    });
    return this.opened;
  }

  async publish(batch: readonly OutgoingArticle[]): Promise<void> {
    return (await this.get()).publish(batch);
  }

  async maxMessageBytes(): Promise<number | undefined> {
    const bus = await this.get();
    return bus.maxMessageBytes?.();
  }

  async lastPosition(): Promise<BusPosition | undefined> {
    return (await this.get()).lastPosition();
  }

  async bounds(): Promise<BusBounds> {
    return (await this.get()).bounds();
  }

  async seqAfter(offset: number): Promise<number> {
    return (await this.get()).seqAfter(offset);
  }

  async *read(fromSeq: number, toSeq: number, subjectFilter: string): AsyncIterable<BusMessage> {
    yield* (await this.get()).read(fromSeq, toSeq, subjectFilter);
  }

  follow(fromSeq: number, onMessage: (m: BusMessage) => void, onError?: (e: Error) => void): LiveFeed {
    const feed = this.get().then((bus) => bus.follow(fromSeq, onMessage, onError));
    feed.catch((e: unknown) => onError?.(toError(e)));
    return { close: async () => (await feed.catch(() => undefined))?.close() };
  }

  async close(): Promise<void> {
    const bus = this.opened;
    this.opened = undefined;
    if (bus) await (await bus.catch(() => undefined))?.close();
  }
}

export function lazyArticleBus(config: OkapiConfig, subjectPrefix?: string): LazyArticleBus {
  return new LazyArticleBus(() => openArticleBus(config, subjectPrefix), subjectPrefix ?? DEFAULT_SUBJECT_PREFIX);
}
