/** One server-sent event as the realtime endpoint writes it. */
export interface SseMessage {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

/**
 * Incremental text/event-stream parser (the WHATWG rules Okapi's stream uses): `field: value`
 * lines, a blank line dispatches, lines starting with `:` are comments (heartbeats).
 * EventSource cannot send an Authorization header, so the console reads the stream with fetch.
 */
export class SseParser {
  private buffer = '';
  private id: string | undefined;
  private event = '';
  private data: string[] = [];

  /** Feeds decoded text; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A CR that ends the chunk may be the first half of a CRLF: wait for the next chunk.
      if (nl === this.buffer.length - 1 && this.buffer[nl] === '\r') break;
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      this.buffer = this.buffer.slice(nl + sep);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return undefined;
      }
      const message = {
        ...(this.id !== undefined ? { id: this.id } : {}),
        event: this.event || 'message',
        data: this.data.join('\n'),
      };
      this.event = '';
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }
}

export interface StreamOptions {
  readonly url: string;
  readonly token: string;
  readonly body: unknown;
  /** Resume after this id (exclusive), as the realtime API defines `Last-Event-ID`. */
  readonly lastEventId?: string;
  readonly signal: AbortSignal;
  onMessage(message: SseMessage): void;
}

/** Reads one realtime response to its end; throws on HTTP errors and network failures. */
export async function readEventStream(options: StreamOptions): Promise<void> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'text/event-stream',
    'Content-Type': 'application/json',
  };
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = options.lastEventId;
  const res = await fetch(options.url, {
    method: 'POST',
    headers,
    body: JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    let message = text.slice(0, 300) || res.statusText;
    let code: string | undefined;
    try {
      ({ message, code } = JSON.parse(text) as { message: string; code?: string });
    } catch {
      /* not JSON: keep the text */
    }
    throw Object.assign(new Error(message), { status: res.status, code });
  }
  const parser = new SseParser();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const m of parser.push(value)) options.onMessage(m);
  }
}
