import { must } from '@okapi/domain';
import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CompiledFilter, StreamRequest } from '@okapi/projections';
import { BusPosition, isAfter } from '@okapi/projections';
import { ArticleHub, HubClient, passes } from './article-hub';
import { clientsDropped } from './realtime.metrics';
import { catchUp, CatchUpDeps } from './catch-up-reader';
import { errorFrame, FrameView, frameView, HEARTBEAT, PREAMBLE, StreamItem } from './stream-item';
import { StreamWire } from './stream-wire';
import { stackText } from '@okapi/adapters/logging';

export interface SessionOptions {
  readonly heartbeatMs: number;
  /** Messages queued (client not draining) before the client is cut off as too slow. */
  readonly maxQueued: number;
}

/**
 * Resume point: after message `(offset, index)`; index Infinity = after the whole offset.
 * `partitions`: WME per-partition starts (`offsets`, `since_per_partition`) that override the
 * request's start for those partitions.
 */
export type ResolvedStart = ({ readonly kind: 'live' } | { readonly kind: 'after'; readonly position: BusPosition }) & {
  readonly partitions?: ReadonlyMap<number, BusPosition>;
};

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
  /** Set by `run`, once the headers have gone out. */
  private wire: StreamWire | undefined;
  private view: FrameView | undefined;
  private mode: 'catchup' | 'live' | 'closed' = 'catchup';
  private sent: BusPosition | undefined;
  private written: StreamItem | undefined;
  private buffer: StreamItem[] = [];
  private overflowed = false;
  private queue: StreamItem[] = [];
  private flushScheduled = false;
  private blocked = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private partitionStarts: ReadonlyMap<number, BusPosition> | undefined;
  private globalStart: BusPosition | undefined;

  constructor(
    private readonly res: Response,
    private readonly req: StreamRequest,
    private readonly hub: ArticleHub,
    private readonly deps: CatchUpDeps,
    private readonly options: SessionOptions,
  ) {
    this.filter = req.filter;
    res.on('close', () => this.close());
  }

  async run(start: ResolvedStart): Promise<void> {
    this.res.write(PREAMBLE[this.req.format]);
    this.openWire();
    if (this.req.format === 'sse' || this.req.extras.heartbeat)
      this.heartbeat = setInterval(
        () => this.guarded(() => this.writeText(HEARTBEAT[this.req.format])),
        this.options.heartbeatMs,
      );
    this.partitionStarts = start.partitions;
    this.globalStart = start.kind === 'live' ? undefined : start.position;
    const first = earliest(start);
    if (first === undefined) {
      this.hub.attach(this);
      this.mode = 'live';
      return;
    }
    this.sent = first;
    let target = this.hub.attach(this);
    for (;;) {
      const from = this.sent.index === Infinity ? this.sent.offset + 1 : this.sent.offset;
      for await (const item of catchUp(this.deps, from, target, this.req.filter.pattern)) {
        if (this.mode === 'closed') return;
        if (passes(this.filter, item) && isAfter(item, this.sent) && this.admits(item, false))
          await this.writeCatchUp(item);
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

  /**
   * Per-partition starts: a partition with its own start takes what follows it; the others follow
   * the request's start (live ones only from the live feed, never from a catch-up).
   */
  private admits(item: StreamItem, live: boolean): boolean {
    const own = this.partitionStarts?.get(item.partition);
    if (own) return isAfter(item, own);
    if (this.globalStart) return isAfter(item, this.globalStart);
    return live;
  }

  private offer(item: StreamItem): void {
    if (!isAfter(item, this.sent) || !this.admits(item, true)) return;
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
    const wire = this.openWire();
    const view = this.openView();
    // One frame (the common case) needs no cork: it is a single socket write already.
    const cork = queue.length > 1;
    if (cork) wire.cork();
    while (ok && i < queue.length) {
      const item = queue[i++];
      ok = wire.write(item.frame(view));
      this.written = item;
    }
    if (cork) wire.uncork();
    if (i === queue.length) {
      queue.length = 0;
      return;
    }
    this.queue = queue.slice(i);
    this.blocked = true;
    wire.onceDrain(this.onDrain);
    if (this.queue.length > this.options.maxQueued) this.tooSlow();
  }

  private readonly onDrain = (): void => {
    this.blocked = false;
    this.guarded(() => this.flush());
  };

  /** Timer and 'drain' callbacks run outside the request's promise chain: a throw ends this stream only. */
  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.hub.detach(this);
      this.crashed(e);
    }
  }

  /**
   * A bug hit this stream (writing, filtering, framing): logged with its stack and the request id,
   * then a final error event (`server.error`, the id, the last id sent) and the end.
   */
  crashed(e: unknown): void {
    if (this.mode === 'closed') return;
    const requestId = String(this.res.getHeader('X-Request-Id') ?? '');
    new Logger('realtime').error({
      msg: 'stream failed',
      req_id: requestId,
      err: stackText(e),
    });
    try {
      this.end({
        status: 500,
        code: 'server.error',
        message: 'the stream failed; resume with Last-Event-ID or offset',
        request_id: requestId,
        last_id: this.written?.id ?? null,
      });
    } catch {
      this.close();
      this.res.destroy();
    }
  }

  private async writeCatchUp(item: StreamItem): Promise<void> {
    this.sent = item;
    this.written = item;
    const wire = this.openWire();
    if (this.mode !== 'closed' && !wire.write(item.frame(this.openView()))) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          wire.offDrain(done);
          this.res.off('close', done);
          resolve();
        };
        wire.onceDrain(done);
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
      if (this.mode !== 'closed') this.openWire().write(it.frame(this.openView()));
      this.written = it;
    }
    const last = this.written?.id ?? null;
    this.end({
      status: 429,
      code: 'stream.client_too_slow',
      message: `client too slow: more than ${this.options.maxQueued} messages queued; resume with Last-Event-ID or offset = ${last ?? 'your start point'}`,
      last_id: last,
    });
    clientsDropped().inc();
  }

  /**
   * Ends the stream after a failure. SSE clients get `event: error`; NDJSON clients only when they
   * asked (`Okapi-Stream-Extras: errors`): a WME SDK decodes every line as an Article, so for them
   * the stream simply ends, after its last complete Article, and they resume by offsets.
   */
  private end(error: Record<string, unknown>): void {
    if (this.req.format === 'sse' || this.req.extras.errors) this.writeText(errorFrame(this.req.format, error));
    this.res.end();
    this.close();
  }

  /** Catch-up failed (bus or store unreachable): a final error event, then the end. */
  fail(e: Error): void {
    this.end({
      status: 503,
      code: 'stream.unavailable',
      message: `catch-up failed: ${e.message}; resume with Last-Event-ID or offset`,
      last_id: this.written?.id ?? null,
    });
  }

  shutdown(): void {
    this.end({
      status: 503,
      code: 'stream.shutdown',
      message: 'server is shutting down; resume with Last-Event-ID or offset',
      last_id: this.written?.id ?? null,
    });
  }

  /** The wire, opened on first use: the service sends the headers before the session writes. */
  private openWire(): StreamWire {
    if (!this.wire) {
      this.wire = new StreamWire(this.res);
      this.view = frameView(this.req.format, this.req.fields, this.wire.direct);
    }
    return this.wire;
  }

  /** The frame view of the wire, set when the wire opens. */
  private openView(): FrameView {
    this.openWire();
    return must(this.view, 'the frame view');
  }

  /** Heartbeats and final errors: rare, framed on the spot. */
  private writeText(text: string | Buffer): boolean {
    if (this.mode === 'closed' || text.length === 0) return true;
    return this.openWire().writeRaw(text);
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

/** Where catch-up begins: the earliest of the request's start and the per-partition starts (undefined: live). */
function earliest(start: ResolvedStart): BusPosition | undefined {
  let first = start.kind === 'after' ? start.position : undefined;
  for (const p of start.partitions?.values() ?? []) if (first === undefined || isAfter(first, p)) first = p;
  return first;
}
