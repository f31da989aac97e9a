import { createParser, EventSourceParser } from 'eventsource-parser';
import { Api, errorOf, jsonBody } from './api';

/** One server-sent event as the realtime endpoint writes it. */
export interface SseMessage {
  /** The last `id:` seen so far (SSE ids persist across events until replaced). */
  readonly id?: string;
  /** The `event:` field; "message" when absent. */
  readonly event: string;
  readonly data: string;
}

/**
 * Incremental text/event-stream reader: the wire format is parsed by eventsource-parser (the
 * WHATWG rules, as the server's EventStreams client does), with the id kept across events and the
 * default event type filled in. EventSource cannot send an Authorization header, so the console
 * reads the stream with fetch.
 */
export class SseParser {
  private readonly parser: EventSourceParser;
  private lastId: string | undefined;
  private completed: SseMessage[] = [];

  constructor() {
    this.parser = createParser({
      onEvent: (e) => {
        if (e.id !== undefined) this.lastId = e.id;
        this.completed.push({
          ...(this.lastId !== undefined ? { id: this.lastId } : {}),
          event: e.event ?? 'message',
          data: e.data,
        });
      },
    });
  }

  /** Feeds decoded text; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.parser.feed(chunk);
    const out = this.completed;
    this.completed = [];
    return out;
  }
}

export interface StreamOptions {
  readonly url: string;
  readonly body: unknown;
  /** Resume after this id (exclusive), as the realtime API defines `Last-Event-ID`. */
  readonly lastEventId?: string;
  readonly signal: AbortSignal;
  onMessage(message: SseMessage): void;
}

/**
 * POSTs a realtime request with the user's token (`api`) and reads the response to its end;
 * throws the ApiError of a refused request, and on network failures.
 */
export async function readEventStream(api: Api, options: StreamOptions): Promise<void> {
  const request = jsonBody(options.body);
  const headers = new Headers(request.headers);
  headers.set('Accept', 'text/event-stream');
  if (options.lastEventId !== undefined) headers.set('Last-Event-ID', options.lastEventId);
  const res = await api.fetch(options.url, { ...request, headers, signal: options.signal });
  if (!res.body) throw await errorOf(res);
  const parser = new SseParser();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const m of parser.push(value)) options.onMessage(m);
  }
}
