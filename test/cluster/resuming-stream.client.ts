import { createHash } from 'node:crypto';
import { ClientRequest, request } from 'node:http';
import { SseMessage, SseParser } from '@okapi/adapters/sources/eventstreams';

/**
 * A realtime client as a real one behaves behind a load balancer without sticky sessions: it
 * reads the SSE firehose from one API replica, and whenever the connection ends or fails it
 * reconnects to the NEXT replica with `Last-Event-ID`. It keeps only each message's id and a hash
 * of its data, so a long run stays small, and it never dedupes: a repeat or a gap stays visible.
 */
export class ResumingStreamClient {
  readonly ids: string[] = [];
  /** sha1 of each message's data, aligned with `ids`. */
  readonly hashes: string[] = [];
  /** Connections made, and the in-band error events seen (e.g. a replica's bus failing). */
  connections = 0;
  readonly errors: string[] = [];
  private replica: number;
  private req: ClientRequest | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
    private readonly startOffset = 0,
    firstReplica = 0,
  ) {
    this.replica = firstReplica;
  }

  get lastId(): string | undefined {
    return this.ids[this.ids.length - 1];
  }

  start(): this {
    this.connect();
    return this;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.req?.destroy();
  }

  private connect(): void {
    if (this.closed) return;
    const url = `${this.urls[this.replica % this.urls.length]}/v2/articles${this.lastId ? '' : `?offset=${this.startOffset}`}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' };
    if (this.lastId) headers['last-event-id'] = this.lastId;
    this.connections++;
    const sse = new SseParser();
    const req = request(url, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return void res.resume().on('end', () => this.reconnect());
      res.on('data', (chunk: Buffer) => {
        for (const m of sse.push(chunk)) this.receive(m);
      });
      res.on('close', () => this.reconnect());
    });
    req.on('error', () => this.reconnect());
    req.end();
    this.req = req;
  }

  /** Next replica, after a short pause (a replica that just died refuses connections). */
  private reconnect(): void {
    if (this.closed || this.retry) return;
    this.req?.destroy();
    this.replica++;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect();
    }, 100);
  }

  private receive({ event, id, data }: SseMessage): void {
    if (event === 'error') this.errors.push(data);
    else if (id !== undefined && data) {
      this.ids.push(id);
      this.hashes.push(createHash('sha1').update(data).digest('hex'));
    }
  }
}
