// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * Connection shedding: past OKAPI_MAX_CONNECTIONS open connections, a new one is answered 503
 * with `Retry-After`, `Connection: close` and the WME body, then closed; the connections already
 * in keep being served; a health probe or a realtime stream on a new connection still gets
 * through (and such a connection carries nothing else); a freed place is taken again.
 */
import { connect, Socket } from 'node:net';
import { ifSetUp, realDataPath, waitFor } from '@okapi/testing';
import { ApiHarness, HARNESS_API_TOKEN, startApiHarness } from '@okapi/testing/api-harness';
import { must } from '@okapi/domain';

jest.setTimeout(60_000);

const BOUND = 3;

interface Answer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** One raw keep-alive connection: `ask` writes a request and reads its answer's head and (content-length) body. */
class Conn {
  private buf = Buffer.alloc(0);
  private waiting?: () => void;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.waiting?.());
  }

  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Conn(s)));
      s.once('error', reject);
    });
  }

  async ask(path: string, headers: Record<string, string> = { authorization: `Bearer ${HARNESS_API_TOKEN}` }) {
    const lines = [`GET ${path} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    return this.answer(path.startsWith('/v2/articles?') || path === '/v2/articles');
  }

  private async answer(streaming: boolean): Promise<Answer> {
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = this.buf.toString('latin1', 0, end).toLowerCase();
        const length = Number(/\r\ncontent-length: *(\d+)/.exec(head)?.[1] ?? 0);
        if (streaming || this.buf.length >= end + 4 + length) {
          const body = this.buf.toString('utf8', end + 4, end + 4 + length);
          this.buf = this.buf.subarray(end + 4 + length);
          return { status: Number(head.slice(9, 12)), head, body };
        }
      }
      if (this.socket.destroyed) throw new Error(`connection closed before an answer: ${this.buf.toString()}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}

describe('load shedding at the connection bound', () => {
  let h: ApiHarness;
  let port: number;
  beforeAll(async () => {
    h = await startApiHarness({
      dumps: [realDataPath('xml', 'article-pear-0.10.xml')],
      env: { OKAPI_MAX_CONNECTIONS: String(BOUND) },
    });
    port = Number(new URL(h.baseUrl).port);
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('refuses connections past the bound with 503 + Retry-After before parsing, keeps serving the others and probes', async () => {
    const accepted: Conn[] = [];
    for (let i = 0; i < BOUND; i++) {
      const c = await Conn.open(port);
      expect((await c.ask('/v2/articles/Pear')).status).toBe(200);
      accepted.push(c);
    }

    const extras = await Promise.all(Array.from({ length: 4 }, () => Conn.open(port)));
    for (const c of extras) {
      const a = await c.ask('/v2/articles/Pear');
      expect(a.status).toBe(503);
      expect(a.head).toMatch(/\r\nretry-after: [1-4](\r\n|$)/);
      expect(a.head).toMatch(/\r\nconnection: close(\r\n|$)/);
      expect(a.head).toMatch(/\r\ncontent-type: application\/json/);
      expect(JSON.parse(a.body)).toMatchObject({ status: 503, code: 'server.overloaded' });
      await c.closed;
    }

    // The connections in keep being served.
    for (const c of accepted) expect((await c.ask('/v2/articles/Pear')).status).toBe(200);

    // A probe on a new connection gets through, and that connection carries probes only.
    const probe = await Conn.open(port);
    expect((await probe.ask('/healthz', {})).status).toBe(200);
    const sneaked = await probe.ask('/v2/articles/Pear');
    expect(sneaked.status).toBe(503);
    expect(JSON.parse(sneaked.body)).toMatchObject({ code: 'server.overloaded' });
    await probe.close();

    // A realtime stream is not refused because of lookups.
    const stream = await Conn.open(port);
    const opened = await stream.ask('/v2/articles', {
      authorization: `Bearer ${HARNESS_API_TOKEN}`,
      accept: 'text/event-stream',
    });
    expect(opened.status).toBe(200);
    await stream.close();

    // Over the bound, /metrics is a probe too.
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).toMatch(/^okapi_http_connections_shed_total [1-9]/m);
    expect(metrics).toMatch(new RegExp(`^okapi_http_connections_counted ${BOUND}$`, 'm'));

    // A freed place is taken again.
    await must(accepted.pop(), 'an accepted connection').close();
    await waitFor(async () => {
      const c = await Conn.open(port);
      const ok = (await c.ask('/v2/articles/Pear').catch(() => ({ status: 0 }))).status === 200;
      await c.close();
      return ok;
    });
    for (const c of accepted) await c.close();
  });
});
