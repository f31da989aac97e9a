import type { Response } from 'express';
import { CompiledFilter, StreamRequest } from '@okapi/projections';
import { BusPosition, isAfter } from '@okapi/adapters/bus/article-bus.port';
import { ArticleHub, HubClient, passes } from './article-hub';
import { catchUp, CatchUpDeps } from './catch-up.reader';
import { errorFrame, FrameView, frameView, HEARTBEAT, PREAMBLE, StreamItem } from './stream-item';

export interface SessionOptions {
  readonly heartbeatMs: number;
  /** Messages queued (client not draining) before the client is cut off as too slow. */
  readonly maxQueued: number;
}

/** Resume point: after message `(offset, index)`; index Infinity = after the whole offset. */
export type ResolvedStart = { readonly kind: 'live' } | { readonly kind: 'after'; readonly position: BusPosition };

/**
 * One HTTP client of the firehose. Catch-up (if it resumes) is written with backpressure while
 * the hub's live messages are buffered (bounded); then the buffer is flushed and the client
 * goes live. Every write is checked against the last position sent, so the seam between
 * catch-up and live can neither repeat nor skip a message. If the live buffer overflows during
 * catch-up, it is dropped and catch-up simply continues to the hub's new position.
 * Live writes are coalesced per tick (the hub flushes every client in one pass; a flush writes the
 * shared, pre-encoded frames under one cork, so one syscall per client per tick); a client whose
 * socket stays full past `maxQueued` messages gets a final error event naming the last id it
 * received, and is disconnected.
 */
export class StreamSession implements HubClient {
  readonly filter: CompiledFilter;
  private readonly view: FrameView;
  private mode: 'catchup' | 'live' | 'closed' = 'catchup';
  private sent: BusPosition | undefined;
  private written: StreamItem | undefined;
  private buffer: StreamItem[] = [];
  private overflowed = false;
  private queue: StreamItem[] = [];
  private flushScheduled = false;
  private blocked = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: Response,
    private readonly req: StreamRequest,
    private readonly hub: ArticleHub,
    private readonly deps: CatchUpDeps,
    private readonly options: SessionOptions,
  ) {
    this.filter = req.filter;
    this.view = frameView(req.format, req.fields);
    res.on('close', () => this.close());
  }

  async run(start: ResolvedStart): Promise<void> {
    this.res.write(PREAMBLE[this.req.format]);
    this.heartbeat = setInterval(() => this.write(HEARTBEAT[this.req.format]), this.options.heartbeatMs);
    if (start.kind === 'live') {
      this.hub.attach(this);
      this.mode = 'live';
      return;
    }
    this.sent = start.position;
    let target = this.hub.attach(this);
    for (;;) {
      const from = this.sent.index === Infinity ? this.sent.offset + 1 : this.sent.offset;
      for await (const item of catchUp(this.deps, from, target, this.req.filter.pattern)) {
        if (this.mode === 'closed') return;
        if (passes(this.filter, item) && isAfter(item, this.sent)) await this.writeCatchUp(item);
      }
      if (this.mode === 'closed') return;
      if (!this.overflowed) break;
      this.overflowed = false;
      target = this.hub.position();
    }
    const buffered = this.buffer;
    this.buffer = [];
    this.mode = 'live';
    for (const item of buffered) this.offer(item);
  }

  /** From the hub: `item` already passed this session's filter. */
  deliver(item: StreamItem): void {
    if (this.mode === 'live') return this.offer(item);
    if (this.mode === 'closed') return;
    if (this.overflowed) return;
    if (this.buffer.length >= this.options.maxQueued) {
      this.overflowed = true;
      this.buffer = [];
      return;
    }
    this.buffer.push(item);
  }

  private offer(item: StreamItem): void {
    if (!isAfter(item, this.sent)) return;
    this.sent = item;
    this.queue.push(item);
    if (this.blocked && this.queue.length > this.options.maxQueued) return this.tooSlow();
    if (!this.flushScheduled && !this.blocked) {
      this.flushScheduled = true;
      this.hub.schedule(this);
    }
  }

  /**
   * Writes what is queued until the socket refuses more, corked so the frames leave in one
   * syscall; the rest waits for 'drain', so a stalled client holds at most `maxQueued`.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.mode === 'closed' || this.blocked) return;
    const queue = this.queue;
    let i = 0;
    let ok = true;
    this.res.cork();
    while (ok && i < queue.length) {
      const item = queue[i++];
      ok = this.res.write(item.frame(this.view));
      this.written = item;
    }
    this.res.uncork();
    if (i === queue.length) {
      queue.length = 0;
      return;
    }
    this.queue = queue.slice(i);
    this.blocked = true;
    this.res.once('drain', this.onDrain);
    if (this.queue.length > this.options.maxQueued) this.tooSlow();
  }

  private readonly onDrain = (): void => {
    this.blocked = false;
    this.flush();
  };

  private async writeCatchUp(item: StreamItem): Promise<void> {
    this.sent = item;
    this.written = item;
    if (!this.write(item.frame(this.view))) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    }
  }

  /**
   * Cut off a client that cannot keep up. The rest of a partly written offset goes out first,
   * so the error's `last_id` always resumes exactly.
   */
  private tooSlow(): void {
    for (const it of this.queue) {
      if (!this.written || it.offset !== this.written.offset) break;
      this.write(it.frame(this.view));
      this.written = it;
    }
    const last = this.written?.id ?? null;
    const tail = errorFrame(this.req.format, {
      status: 429,
      code: 'stream.client_too_slow',
      message: `client too slow: more than ${this.options.maxQueued} messages queued; resume with Last-Event-ID or offset = ${last ?? 'your start point'}`,
      last_id: last,
    });
    this.write(tail);
    this.res.end();
    this.close();
  }

  /** Catch-up failed (bus or store unreachable): a final error event, then the end. */
  fail(e: Error): void {
    this.write(errorFrame(this.req.format, { status: 503, code: 'stream.unavailable', message: `catch-up failed: ${e.message}; resume with Last-Event-ID or offset`, last_id: this.written?.id ?? null }));
    this.res.end();
    this.close();
  }

  shutdown(): void {
    this.write(errorFrame(this.req.format, { status: 503, code: 'stream.shutdown', message: 'server is shutting down; resume with Last-Event-ID or offset', last_id: this.written?.id ?? null }));
    this.res.end();
    this.close();
  }

  private write(chunk: string | Buffer): boolean {
    if (this.mode === 'closed' || chunk.length === 0) return true;
    return this.res.write(chunk);
  }

  close(): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.hub.detach(this);
    clearInterval(this.heartbeat);
    this.queue = [];
    this.buffer = [];
  }
}
