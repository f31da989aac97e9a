import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One event of a replayed transcript: the SSE id (JSON array text) and the data line. */
export interface TranscriptEvent {
  readonly id: string;
  readonly data: string;
}

/** What one connection does (by connection number, 0-based). Default: serve everything, stay open. */
export interface ConnectionScript {
  /** Answer with this status instead of a stream (e.g. 429), with an optional Retry-After (s). */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** Send this many events, then the first half of the next one, then close the socket. */
  readonly closeMidEventAfter?: number;
  /** Send this many events, then go silent (socket open, no bytes). */
  readonly silentAfter?: number;
  /** Close cleanly after this many events. */
  readonly closeAfter?: number;
}

export interface LocalSseServerOptions {
  readonly events: readonly TranscriptEvent[];
  /** Per-connection behaviour; connections past the list behave normally. */
  readonly script?: readonly ConnectionScript[];
  /** Delay between events, ms (default 0: as fast as the socket takes them). */
  readonly intervalMs?: number;
  /** Close the stream once the transcript is exhausted (default false: stay open, like a live stream). */
  readonly endWhenDone?: boolean;
}

export interface RecordedConnection {
  /** When the request arrived (ms epoch). */
  readonly at: number;
  readonly lastEventId?: string;
  readonly since?: string;
  readonly userAgent?: string;
}

/**
 * A stand-in for EventStreams on 127.0.0.1 that replays a transcript over the real SSE wire
 * format (`:ok`, `event: message`, `id:`, `data:`), resumes from `Last-Event-ID` by exact id
 * match (or `?since=` on `meta.dt`), and misbehaves on cue. Used by tests and `okapi bench ingest`.
 */
export class LocalSseServer {
  readonly connections: RecordedConnection[] = [];
  private server?: Server;
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly options: LocalSseServerOptions) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v2/stream/mediawiki.page_change.v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = this.connections.length;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const lastEventId = header(req, 'last-event-id');
    this.connections.push({
      at: Date.now(),
      lastEventId,
      since: url.searchParams.get('since') ?? undefined,
      userAgent: header(req, 'user-agent'),
    });
    const script = this.options.script?.[n] ?? {};
    if (script.status) {
      res.writeHead(
        script.status,
        script.retryAfterSeconds !== undefined ? { 'retry-after': String(script.retryAfterSeconds) } : {},
      );
      return void res.end(
        JSON.stringify({ status: script.status, message: 'Too Many Concurrent Connections From Your Client IP' }),
      );
    }
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write(':ok\n\n');
    await this.stream(res, this.startIndex(lastEventId, url.searchParams.get('since')), script);
  }

  private async stream(res: ServerResponse, from: number, script: ConnectionScript): Promise<void> {
    const { events, intervalMs = 0 } = this.options;
    let sent = 0;
    for (let i = from; i < events.length; i++) {
      if (res.destroyed) return;
      const frame = `event: message\nid: ${events[i].id}\ndata: ${events[i].data}\n\n`;
      if (sent === script.closeMidEventAfter) return void res.socket?.end(frame.slice(0, Math.floor(frame.length / 2)));
      if (sent === script.silentAfter) return; // keep the socket open, send nothing more
      if (sent === script.closeAfter) return void res.end();
      if (!res.write(frame)) await new Promise((resolve) => res.once('drain', resolve));
      sent++;
      if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    if (this.options.endWhenDone) res.end();
  }

  private startIndex(lastEventId: string | undefined, since: string | null): number {
    const { events } = this.options;
    if (lastEventId) {
      const at = events.findIndex((e) => e.id === lastEventId);
      return at + 1; // unknown id: from the start (the real server resolves it by time)
    }
    if (since) {
      const t = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
      const at = events.findIndex((e) => eventTime(e.data) >= t);
      return at < 0 ? events.length : at;
    }
    return 0;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function eventTime(data: string): number {
  try {
    return Date.parse((JSON.parse(data) as { meta?: { dt?: string } }).meta?.dt ?? '');
  } catch {
    return Number.NaN;
  }
}
