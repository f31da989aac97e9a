/**
 * The bytes on the wire of a firehose response, read from a raw TCP socket: live frames are
 * written straight to the socket with hand-made HTTP/1.1 chunk framing (stream-wire.ts), so this
 * parses that framing strictly; HTTP/1.0 clients get a close-delimited body instead.
 */
import { connect, Socket } from 'node:net';
import { waitFor } from '@okapi/testing';
import { appendMix, Gateway, openGateway } from './testing/firehose-test-kit';
import { expectedMessages } from './testing/firehose-oracle';

jest.setTimeout(30_000);

interface RawResponse {
  readonly socket: Socket;
  bytes(): Buffer;
  readonly closed: Promise<void>;
}

function rawGet(
  url: string,
  path: string,
  version: '1.0' | '1.1',
  headers = 'Accept: text/event-stream\r\n',
): RawResponse {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(`GET ${path} HTTP/${version}\r\nHost: 127.0.0.1\r\n${headers}\r\n`);
  return { socket, bytes: () => Buffer.concat(chunks), closed };
}

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const end = raw.indexOf('\r\n\r\n');
  return { head: raw.subarray(0, end).toString('latin1'), body: raw.subarray(end + 4) };
}

/** Strict HTTP/1.1 chunked decoding; `complete` when the zero-length last chunk was seen. */
function dechunk(body: Buffer): { text: string; complete: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = body.subarray(at, eol).toString('latin1');
    if (!/^[0-9a-f]+$/.test(size)) throw new Error(`bad chunk size line ${JSON.stringify(size)} at byte ${at}`);
    const n = parseInt(size, 16);
    if (n === 0) return { text: Buffer.concat(parts).toString('utf8'), complete: true };
    if (eol + 2 + n + 2 > body.length) break; // partial chunk: not arrived yet
    if (body.subarray(eol + 2 + n, eol + 4 + n).toString('latin1') !== '\r\n')
      throw new Error(`chunk at byte ${at} is not followed by CRLF`);
    parts.push(body.subarray(eol + 2, eol + 2 + n));
    at = eol + 4 + n;
  }
  return { text: Buffer.concat(parts).toString('utf8'), complete: false };
}

const idsIn = (text: string): string[] => [...text.matchAll(/^id: (\S+)$/gm)].map((m) => m[1]);

describe('firehose wire format', () => {
  let g: Gateway | undefined;
  afterEach(async () => {
    await g?.close();
    g = undefined;
  });

  it('frames live messages as valid HTTP/1.1 chunks and ends with the last chunk on shutdown', async () => {
    const gw = await openGateway({ seed: 10, env: { OKAPI_HEARTBEAT_MS: '100' } });
    g = gw;
    await gw.startPublisher();
    await waitFor(async () => (await gw.bus.lastPosition())?.offset === 10, { timeoutMs: 5000 });
    const r = rawGet(gw.url, '/v2/articles', '1.1');
    await waitFor(() => r.bytes().includes('\r\n\r\n'), { timeoutMs: 5000 });
    await appendMix(gw.runtime.eventStore, 10, 30);
    const live = (await expectedMessages(gw.runtime.eventStore)).filter((m) => m.offset > 10).map((m) => m.id);
    await waitFor(() => idsIn(dechunk(splitHead(r.bytes()).body).text).length >= live.length, {
      timeoutMs: 10_000,
    });
    await new Promise((res) => setTimeout(res, 250)); // let heartbeats interleave with frames
    g = undefined;
    await gw.close();
    await r.closed;
    const { head, body } = splitHead(r.bytes());
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('transfer-encoding: chunked');
    const { text, complete } = dechunk(body);
    expect(complete).toBe(true);
    expect(idsIn(text)).toEqual(live);
    expect(text).toContain(': heartbeat\n\n');
    expect(text).toMatch(/event: error\ndata: \{"status":503,"code":"stream.shutdown"[^\n]*\n\n$/);
  });

  it('sends HTTP/1.0 clients the same frames in a close-delimited body', async () => {
    const gw = await openGateway({ seed: 12 });
    g = gw;
    const all = (await expectedMessages(gw.runtime.eventStore)).map((m) => m.id);
    const r = rawGet(gw.url, '/v2/articles?offset=0', '1.0');
    await waitFor(() => idsIn(r.bytes().toString('utf8')).length >= all.length, { timeoutMs: 10_000 });
    r.socket.destroy();
    const { head, body } = splitHead(r.bytes());
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).not.toContain('transfer-encoding');
    // Heartbeat comments may come first while the replay derives its first Articles (worker start).
    expect(body.toString('utf8')).toMatch(/^:ok\n\n(: heartbeat\n\n)*event: message\nid: 1\ndata: \{/);
    expect(idsIn(body.toString('utf8'))).toEqual(all);
  });

  /** Live NDJSON until the server shuts down; the dechunked body text. */
  async function ndjsonUntilShutdown(headers: string): Promise<{ text: string; complete: boolean; live: number[] }> {
    const gw = await openGateway({ seed: 10, env: { OKAPI_HEARTBEAT_MS: '100' } });
    g = gw;
    await gw.startPublisher();
    await waitFor(async () => (await gw.bus.lastPosition())?.offset === 10, { timeoutMs: 5000 });
    const r = rawGet(gw.url, '/v2/articles', '1.1', headers);
    await waitFor(() => r.bytes().includes('\r\n\r\n'), { timeoutMs: 5000 });
    await new Promise((res) => setTimeout(res, 450)); // idle: heartbeats would be due
    await appendMix(gw.runtime.eventStore, 10, 20);
    const live = (await expectedMessages(gw.runtime.eventStore)).filter((m) => m.offset > 10).map((m) => m.offset);
    const lines = (): string[] => dechunk(splitHead(r.bytes()).body).text.split('\n');
    await waitFor(() => lines().filter((l) => l.startsWith('{"name"')).length >= live.length, {
      timeoutMs: 10_000,
    });
    await new Promise((res) => setTimeout(res, 450)); // idle again
    g = undefined;
    await gw.close();
    await r.closed;
    return { ...dechunk(splitHead(r.bytes()).body), live };
  }

  it('NDJSON by default is Articles and nothing else: no heartbeat lines, a shutdown just ends it', async () => {
    const { text, complete, live } = await ndjsonUntilShutdown('Accept: application/x-ndjson\r\n');
    expect(complete).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    // Every line decodes as an Article (what WME's SDKs do with every line): no blank, no error line.
    const offsets = lines.map((l) => (JSON.parse(l) as { name: string; event: { offset: number } }).event.offset);
    expect(offsets).toEqual(live);
  });

  it('NDJSON with Okapi-Stream-Extras: heartbeat blank lines while idle and a final error line', async () => {
    const { text, complete, live } = await ndjsonUntilShutdown(
      'Accept: application/x-ndjson\r\nOkapi-Stream-Extras: heartbeat, errors\r\n',
    );
    expect(complete).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.filter((l) => l === '').length).toBeGreaterThan(2);
    const json = lines.filter(Boolean).map((l) => JSON.parse(l) as Record<string, { offset?: number; code?: string }>);
    expect(json.slice(0, -1).map((a) => a.event.offset)).toEqual(live);
    expect(json[json.length - 1]).toMatchObject({ error: { code: 'stream.shutdown' } });
  });
});
