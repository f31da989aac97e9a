import { Logger } from '@nestjs/common';
import { CompiledFilter, matchesPattern } from '@okapi/projections';
import { ArticleBus, LiveFeed } from '@okapi/projections';
import { outsideRequestScope } from '../core/request-scope';
import { StreamItem } from './stream-item';
import { stackText } from '@okapi/adapters/logging';

export interface HubClient {
  /** Clients with equal `filter.key` are matched together: the filter runs once per message. */
  readonly filter: CompiledFilter;
  /** Called synchronously for every live message that passes the filter, in order. Must not throw or block. */
  deliver(item: StreamItem): void;
  /** Called once per tick for a client that asked with `hub.schedule(client)`: write what it queued. */
  flush(): void;
  /** The process is stopping: end the response. */
  shutdown(): void;
  /** `deliver` or `flush` threw: end this client's response (the others carry on). */
  crashed(e: unknown): void;
}

/** Clients sharing one filter. */
interface FilterGroup {
  readonly filter: CompiledFilter;
  readonly clients: Set<HubClient>;
}

/**
 * True when `item` passes `f`: partition and subject tokens first (cheap), then the predicate on
 * the parsed Article.
 */
export function passes(f: CompiledFilter, item: StreamItem): boolean {
  return (
    (f.partitions === undefined || f.partitions.has(item.partition)) &&
    matchesPattern(f.pattern, item.tokens) &&
    (f.predicate === undefined || f.predicate(item.article()))
  );
}

/**
 * One live bus subscription per gateway process, fanned out in memory. `position` is the bus
 * sequence of the last message dispatched: a client attached at position H receives every
 * message after H live, so it catches up (its own bounded read) to H and no further.
 * Per message, each distinct filter is evaluated once for all its clients; clients queue what
 * they receive and the hub flushes all of them in one pass per tick (one timer, not one each).
 */
export class ArticleHub {
  private readonly groups = new Map<string, FilterGroup>();
  private clientCount = 0;
  private dirty: HubClient[] = [];
  private flushScheduled = false;
  private feed: LiveFeed | undefined;
  private lastSeq = 0;
  private started: Promise<void> | undefined;
  private readonly logger = new Logger('realtime');
  private readonly flushAll = (): void => this.runFlush();

  constructor(private readonly bus: ArticleBus) {}

  /** Starts following the bus at its current end; retries until the bus answers. */
  ready(): Promise<void> {
    // The first client's request starts the feed, but the feed serves every client.
    this.started ??= outsideRequestScope(() => this.start()).catch((e: unknown) => {
      this.started = undefined;
      throw e;
    });
    return this.started;
  }

  private async start(): Promise<void> {
    const { lastSeq } = await this.bus.bounds();
    this.lastSeq = lastSeq;
    this.feed = this.bus.follow(
      lastSeq + 1,
      (m) => this.dispatch(m.seq, StreamItem.from(this.bus.subjectPrefix, m)),
      (e) => this.logger.warn(`bus feed: ${e.message}; reconnecting`),
    );
  }

  private dispatch(seq: number, item: StreamItem | undefined): void {
    this.lastSeq = seq;
    if (!item) return;
    for (const g of this.groups.values()) {
      let pass: boolean;
      try {
        pass = passes(g.filter, item);
      } catch (e) {
        // A filter that cannot judge this message fails its own clients, not the feed.
        for (const c of [...g.clients]) this.crash(c, e);
        continue;
      }
      if (!pass) continue;
      for (const c of g.clients) {
        try {
          c.deliver(item);
        } catch (e) {
          this.crash(c, e);
        }
      }
    }
  }

  /** Asks for `client.flush()` after the messages of this tick are dispatched. */
  schedule(client: HubClient): void {
    this.dirty.push(client);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushAll);
  }

  private runFlush(): void {
    this.flushScheduled = false;
    const dirty = this.dirty;
    this.dirty = [];
    for (const c of dirty) {
      try {
        c.flush();
      } catch (e) {
        this.crash(c, e);
      }
    }
  }

  /**
   * One client's failure ends that client only. These callbacks run from the bus feed and a
   * timer, outside any request's promise chain: a throw here would otherwise kill the process.
   */
  private crash(client: HubClient, e: unknown): void {
    this.detach(client);
    try {
      client.crashed(e);
    } catch (again) {
      this.logger.error(`realtime client failed twice: ${stackText(again)}`);
    }
  }

  /** Registers a client and returns the position from which it will be fed live. */
  attach(client: HubClient): number {
    const key = client.filter.key;
    let g = this.groups.get(key);
    if (!g) {
      g = { filter: client.filter, clients: new Set() };
      this.groups.set(key, g);
    }
    if (!g.clients.has(client)) this.clientCount++;
    g.clients.add(client);
    return this.lastSeq;
  }

  position(): number {
    return this.lastSeq;
  }

  detach(client: HubClient): void {
    const g = this.groups.get(client.filter.key);
    if (!g?.clients.delete(client)) return;
    this.clientCount--;
    if (g.clients.size === 0) this.groups.delete(client.filter.key);
  }

  get size(): number {
    return this.clientCount;
  }

  /** Ends every client (open SSE responses would otherwise hold the HTTP server open). */
  async close(): Promise<void> {
    const all = [...this.groups.values()].flatMap((g) => [...g.clients]);
    for (const c of all) c.shutdown();
    this.groups.clear();
    this.clientCount = 0;
    await this.feed?.close();
    this.feed = undefined;
    this.started = undefined;
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }
}
