import { CONFIG_DEFAULTS } from '../../config/env-config';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Backoff, BackoffOptions, parseRetryAfter, sleep } from '../../resilience/backoff';
import { SseMessage, SseParser } from './sse.parser';

export interface EventStreamsClientOptions {
  /** Stream URL, e.g. https://stream.wikimedia.org/v2/stream/mediawiki.page_change.v1 */
  readonly url: string;
  readonly userAgent: string;
  /** Resume point: the SSE `id` of the last event fully processed (sent as Last-Event-ID). */
  readonly lastEventId?: string;
  /** Used as `?since=` only while there is no id to resume from. */
  readonly since?: string;
  /** A connection that sends no byte for this long is dead (default 60 000 ms). */
  readonly idleTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly signal: AbortSignal;
  /** Called before each reconnect wait, with why the last connection ended. */
  readonly onReconnect?: (reason: string, delayMs: number) => void;
}

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * An SSE client for EventStreams that never gives up: it reconnects after any close, error,
 * HTTP error or silence, resuming with `Last-Event-ID` = the id of the last event it handed out.
 * `batches()` yields the events completed by each network read, so consumers batch for free.
 */
export class EventStreamsClient {
  private readonly parser: SseParser;
  private readonly backoff: Backoff;
  private readonly idleTimeoutMs: number;
  private lastDelivered: string | undefined;

  constructor(private readonly options: EventStreamsClientOptions) {
    this.parser = new SseParser(options.lastEventId);
    this.lastDelivered = options.lastEventId;
    this.backoff = new Backoff(options.backoff);
    this.idleTimeoutMs = options.idleTimeoutMs ?? CONFIG_DEFAULTS.eventStreamsIdleTimeoutMs;
  }

  /** Id of the last event yielded (what a reconnect resumes after). */
  get lastEventId(): string | undefined {
    return this.lastDelivered;
  }

  async *batches(): AsyncGenerator<SseMessage[]> {
    const { signal } = this.options;
    while (!signal.aborted) {
      let retryAfterMs: number | undefined;
      let reason = 'server closed the stream';
      try {
        for await (const batch of this.connection()) yield batch;
      } catch (e) {
        if (e instanceof HttpStatusError) retryAfterMs = e.retryAfterMs;
        reason = (e as Error).message;
      }
      this.parser.reset();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the owner aborts it while the connection is awaited (TypeScript#9998).
      if (signal.aborted) return;
      const delay = this.backoff.next(retryAfterMs);
      this.options.onReconnect?.(reason, delay);
      await sleep(delay, signal);
    }
  }

  private async *connection(): AsyncGenerator<SseMessage[]> {
    const res = await this.open();
    const it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      for (;;) {
        const step = await this.nextChunk(res, it);
        if (step.done) return;
        const messages = this.parser.push(step.value);
        if (messages.length === 0) continue;
        this.backoff.reset(); // a connection that delivers events is healthy again
        this.lastDelivered = messages[messages.length - 1].id ?? this.lastDelivered;
        yield messages;
      }
    } finally {
      res.destroy();
    }
  }

  /** The next network read, or an error when the server stays silent for the idle timeout. */
  private async nextChunk(res: IncomingMessage, it: AsyncIterator<Buffer>): Promise<IteratorResult<Buffer>> {
    const timer = setTimeout(() => res.destroy(new Error(`no data for ${this.idleTimeoutMs} ms`)), this.idleTimeoutMs);
    try {
      return await it.next();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Opens one HTTP request and resolves with a 200 response; anything else throws. */
  private open(): Promise<IncomingMessage> {
    const url = new URL(this.options.url);
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
      'user-agent': this.options.userAgent,
    };
    if (this.lastDelivered) headers['last-event-id'] = this.lastDelivered;
    else if (this.options.since) url.searchParams.set('since', this.options.since);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { headers, signal: this.options.signal });
      const timer = setTimeout(
        () => req.destroy(new Error(`no response for ${this.idleTimeoutMs} ms`)),
        this.idleTimeoutMs,
      );
      req.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.once('response', (res) => {
        clearTimeout(timer);
        if (res.statusCode === 200) return resolve(res);
        res.resume();
        reject(new HttpStatusError(res.statusCode ?? 0, parseRetryAfter(res.headers['retry-after'], Date.now())));
      });
      req.end();
    });
  }
}
