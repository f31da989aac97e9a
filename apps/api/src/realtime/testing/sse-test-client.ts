import { request } from 'node:http';
import { SseParser } from '@okapi/adapters/sources/eventstreams';

/** One parsed message of an SSE or NDJSON stream. */
export interface Received {
  readonly event: string;
  readonly id?: string;
  readonly data: Record<string, unknown>;
}

export interface StreamClient {
  readonly status: Promise<number>;
  readonly messages: Received[];
  /** Resolves when the server ends the response. */
  readonly ended: Promise<void>;
  /** Body text when the server answered with an error status. */
  body(): string;
  waitFor(pred: (msgs: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
  pause(): void;
  resume(): void;
}

export interface OpenOptions {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** A minimal streaming HTTP client for tests: parses SSE frames (or NDJSON lines) as they arrive. */
export function openStream(url: string, options: OpenOptions = {}): StreamClient {
  const messages: Received[] = [];
  let text = '';
  let pending = '';
  const sse = new SseParser();
  const utf8 = new TextDecoder('utf-8'); // NDJSON and error bodies, decoded across chunk boundaries
  let resolveStatus!: (n: number) => void;
  let resolveEnded!: () => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Partial<Record<string, string>> = { ...(options.headers ?? {}) };
  if (body)
    Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  const ndjson = /x-ndjson/.test(headers.accept ?? headers.Accept ?? '');
  const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
    resolveStatus(res.statusCode ?? 0);
    res.on('data', (chunk: Buffer) => {
      if ((res.statusCode ?? 0) >= 300) return void (text += utf8.decode(chunk, { stream: true }));
      if (!ndjson) {
        for (const m of sse.push(chunk))
          if (m.data) messages.push({ event: m.event, id: m.id, data: JSON.parse(m.data) as Record<string, unknown> });
        return;
      }
      pending += utf8.decode(chunk, { stream: true });
      pending = parseNdjson(pending, messages);
    });
    res.on('end', resolveEnded);
    res.on('close', resolveEnded);
  });
  req.on('error', () => {
    resolveStatus(0);
    resolveEnded();
  });
  req.end(body);
  return {
    status,
    messages,
    ended,
    body: () => text,
    close: () => req.destroy(),
    pause: () => req.socket?.pause(),
    resume: () => req.socket?.resume(),
    async waitFor(pred, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(messages)) {
        if (Date.now() > deadline) throw new Error(`timed out with ${messages.length} messages`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

function parseNdjson(buf: string, out: Received[]): string {
  let i: number;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i).trim();
    buf = buf.slice(i + 1);
    if (!line) continue;
    const data = JSON.parse(line) as Record<string, unknown>;
    out.push({
      event: 'error' in data ? 'error' : 'message',
      data: ('error' in data ? data.error : data) as Record<string, unknown>,
    });
  }
  return buf;
}
