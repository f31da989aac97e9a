import { Logger } from '@nestjs/common';
import { ArticleBus, LiveFeed } from '@okapi/adapters/bus/article-bus.port';
import { StreamItem } from './stream-item';

export interface HubClient {
  /** Called synchronously for every live message, in order. Must not throw or block. */
  deliver(item: StreamItem): void;
  /** The process is stopping: end the response. */
  shutdown(): void;
}

/**
 * One live bus subscription per gateway process, fanned out in memory. `position` is the bus
 * sequence of the last message dispatched: a client attached at position H receives every
 * message after H live, so it catches up (its own bounded read) to H and no further.
 */
export class ArticleHub {
  private readonly clients = new Set<HubClient>();
  private feed: LiveFeed | undefined;
  private lastSeq = 0;
  private started: Promise<void> | undefined;
  private readonly logger = new Logger('realtime');

  constructor(private readonly bus: ArticleBus) {}

  /** Starts following the bus at its current end; retries until the bus answers. */
  ready(): Promise<void> {
    this.started ??= this.start().catch((e: unknown) => {
      this.started = undefined;
      throw e;
    });
    return this.started;
  }

  private async start(): Promise<void> {
    const { lastSeq } = await this.bus.bounds();
    this.lastSeq = lastSeq;
    this.feed = this.bus.follow(lastSeq + 1, (m) => this.dispatch(m.seq, StreamItem.from(this.bus.subjectPrefix, m)), (e) =>
      this.logger.warn(`bus feed: ${e.message}; reconnecting`),
    );
  }

  private dispatch(seq: number, item: StreamItem | undefined): void {
    this.lastSeq = seq;
    if (!item) return;
    for (const c of this.clients) c.deliver(item);
  }

  /** Registers a client and returns the position from which it will be fed live. */
  attach(client: HubClient): number {
    this.clients.add(client);
    return this.lastSeq;
  }

  position(): number {
    return this.lastSeq;
  }

  detach(client: HubClient): void {
    this.clients.delete(client);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every client (open SSE responses would otherwise hold the HTTP server open). */
  async close(): Promise<void> {
    for (const c of [...this.clients]) c.shutdown();
    this.clients.clear();
    await this.feed?.close();
    this.feed = undefined;
    this.started = undefined;
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }
}
