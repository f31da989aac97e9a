import { CONFIG_DEFAULTS } from '../../config/env-config';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BackoffOptions, HttpStatusError, parseRetryAfter } from '../../resilience/backoff';
import { retrying } from '../../resilience/retrying';
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

/**
 * An SSE client for EventStreams that never gives up: it reconnects after any close, error,
 * HTTP error or silence (waiting the server's Retry-After when it sends one), resuming with
 * `Last-Event-ID` = the id of the last event it handed out. `stream()` hands over the events
 * completed by each network read, so consumers batch for free.
 */
export class EventStreamsClient {
  private readonly parser: SseParser;
  private readonly idleTimeoutMs: number;
  private lastDelivered: string | undefined;

  constructor(private readonly options: EventStreamsClientOptions) {
    this.parser = new SseParser(options.lastEventId);
    this.lastDelivered = options.lastEventId;
    this.idleTimeoutMs = options.idleTimeoutMs ?? CONFIG_DEFAULTS.eventStreamsIdleTimeoutMs;
  }

  /** Id of the last event handed over (what a reconnect resumes after). */
  get lastEventId(): string | undefined {
    return this.lastDelivered;
  }

  /**
   * Hands each network read's events to `onBatch` (awaited: a slow consumer slows the reads) until
   * the signal aborts. A failing `onBatch` ends the stream with its error; anything else reconnects.
   */
  async stream(onBatch: (batch: SseMessage[]) => Promise<void> | void): Promise<void> {
    const { signal } = this.options;
    const consumer = { failed: false };
    const deliver = async (batch: SseMessage[]): Promise<void> => {
      try {
        await onBatch(batch);
      } catch (e) {
        consumer.failed = true;
        throw e;
      }
    };
    try {
      await retrying(
        async (progressed) => {
          this.parser.reset();
          await this.connection(progressed, deliver);
          if (!signal.aborted) throw new Error('server closed the stream');
        },
        {
          backoff: this.options.backoff,
          signal,
          retryable: () => !consumer.failed,
          onRetry: (error, _attempt, delay) => this.options.onReconnect?.(error.message, delay),
        },
      );
    } catch (e) {
      if (consumer.failed || !signal.aborted) throw e;
    }
  }

  /** One connection, until it ends; `progressed()` once it delivers events (it is healthy again). */
  private async connection(progressed: () => void, deliver: (batch: SseMessage[]) => Promise<void>): Promise<void> {
    const res = await this.open();
    const it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      for (;;) {
        const step = await this.nextChunk(res, it);
        if (step.done) return;
        const messages = this.parser.push(step.value);
        if (messages.length === 0) continue;
        progressed();
        this.lastDelivered = messages[messages.length - 1].id ?? this.lastDelivered;
        await deliver(messages);
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
