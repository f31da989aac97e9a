// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * No request takes the process down. Routes that fail on purpose (in the handler, an
 * interceptor, a stream writer before and after the first byte, an SSE writer) are mounted in
 * the real app, under its guard and filter: each ends its own request with one 500 carrying a
 * request id (body and header) and a log line with the stack, or, once bytes have gone out, an
 * SSE error event / a cut connection; the server keeps answering. Also: JSON bodies nested
 * deeper than 64 get 400 before parsing, and a wrong method gets 405 with `Allow`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { realDataPath } from '@okapi/testing';
import { HARNESS_API_TOKEN } from '@okapi/testing/api-harness';
import { rawRequest } from '@okapi/testing';
import { must } from '@okapi/domain';

jest.setTimeout(90_000);

const PEAR = realDataPath('xml', 'article-pear-0.10.xml');
const TOKEN = { authorization: `Bearer ${HARNESS_API_TOKEN}` };
const CHILD = join(__dirname, 'testing', 'faulty-server.child.ts');

describe('fault containment (a real API process on embedded stores)', () => {
  let child: ChildProcess;
  let baseUrl: string;
  let stderr = '';
  /** The error lines the server logged (one JSON object per line). */
  const logged = (): Record<string, any>[] =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"level":"error"'))
      .map((l) => JSON.parse(l));

  beforeAll(async () => {
    child = spawn('node', ['-r', '@swc-node/register', CHILD, PEAR], { stdio: ['ignore', 'pipe', 'pipe'] });
    must(child.stderr, 'child stderr').on('data', (c: Buffer) => (stderr += c.toString()));
    baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      must(child.stdout, 'child stdout').on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]).baseUrl);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  afterEach(() => {
    // The point of it all: whatever a request did, the server process is still there.
    expect(child.exitCode).toBeNull();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(baseUrl, 'GET', path, { headers: { ...TOKEN, ...headers } });
  /** A response, or `cut` when the connection was reset before a whole one arrived. */
  const getOrCut = (path: string) =>
    get(path).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ECONNRESET') return 'cut' as const;
      throw e;
    });

  it.each(['handler', 'async-handler', 'interceptor', 'stream-before', 'unawaited'])(
    'a failure in the %s ends that request with one 500, a request id and a logged stack',
    async (where) => {
      const res = await get(`/v2/test-faults/${where}`);
      expect(res.status).toBe(500);
      const body = JSON.parse(res.body);
      expect(body).toMatchObject({ status: 500, code: 'server.error', message: 'Internal Server Error' });
      expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-request-id']).toBe(body.request_id);
      expect(res.body).not.toMatch(/ at |bug/); // no stack, no internal message
      await new Promise((r) => setTimeout(r, 50)); // the log line crosses a pipe
      const line = logged().find((l) => l.req_id === body.request_id);
      expect(line?.err).toMatch(/bug|cannot be framed/);
      expect(line?.err).toContain('faults.module.ts'); // the stack, in the log only
      expect((await get('/healthz')).status).toBe(200);
    },
  );

  it("keeps the caller's X-Request-Id", async () => {
    const res = await get('/v2/test-faults/handler', { 'x-request-id': 'trace-42' });
    expect(JSON.parse(res.body).request_id).toBe('trace-42');
    expect(res.headers['x-request-id']).toBe('trace-42');
  });

  it('cuts a stream whose writer throws midway (the client never sees a complete body) and logs it', async () => {
    const before = logged().length;
    const res = await getOrCut('/v2/test-faults/stream-midway');
    if (res !== 'cut') {
      expect(res.status).toBe(200);
      expect(res.complete).toBe(false);
    }
    await new Promise((r) => setTimeout(r, 50));
    const line = logged()
      .slice(before)
      .find((l) => l.path === '/v2/test-faults/stream-midway');
    expect(line).toMatchObject({ msg: 'request failed', code: 'server.error' });
    expect(line?.err).toContain('writer bug');
    expect((await get('/v2/articles/Pear')).status).toBe(200);
  });

  it('cuts a response whose timer throws after it started, and logs it with the request id', async () => {
    const res = await get('/v2/test-faults/timer');
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(logged().find((l) => l.req_id === res.headers['x-request-id'])?.err).toContain('timer bug');
  });

  it('ends an SSE stream whose writer throws with one error event carrying the request id', async () => {
    const res = await get('/v2/test-faults/sse-midway');
    expect(res.status).toBe(200);
    const events = res.body.split('\n\n').filter(Boolean);
    expect(events.filter((e) => e.startsWith('event: message'))).toHaveLength(3);
    const error = events.filter((e) => e.startsWith('event: error'));
    expect(error).toHaveLength(1);
    expect(JSON.parse(error[0].split('data: ')[1])).toMatchObject({
      status: 500,
      code: 'server.error',
      request_id: res.headers['x-request-id'],
    });
  });

  it('survives SSE writes after the client has gone', async () => {
    const { request } = await import('node:http');
    await new Promise<void>((resolve, reject) => {
      const req = request(`${baseUrl}/v2/test-faults/sse-after-close`, { headers: TOKEN }, (res) => {
        res.once('data', () => {
          res.destroy();
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await get('/healthz')).status).toBe(200);
  });

  it('survives a burst of failing requests in parallel', async () => {
    const paths = ['handler', 'async-handler', 'interceptor', 'stream-before', 'stream-midway', 'sse-midway', 'timer'];
    const all = await Promise.all(
      Array.from({ length: 70 }, (_, i) => getOrCut(`/v2/test-faults/${paths[i % paths.length]}`)),
    );
    // 503 server.overloaded: more than OKAPI_MAX_INFLIGHT at once is shed, as it should be.
    const shed = (r: { status: number; body: string }): boolean =>
      r.status === 503 && r.body.includes('"server.overloaded"');
    const odd = all.filter((r) => r !== 'cut' && r.status !== 500 && r.status !== 200 && !shed(r));
    expect(odd.map((r) => (r === 'cut' ? r : `${r.status} ${r.body.slice(0, 100)}`))).toEqual([]);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('answers 400 request.json_too_deep to a body nested deeper than 64, before parsing it', async () => {
    const deep = (n: number): string => `{"fields":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
    for (const n of [65, 1000, 200_000]) {
      const res = await rawRequest(baseUrl, 'POST', '/v2/articles/Pear', { headers: TOKEN, body: deep(n) });
      expect({ n, status: res.status }).toEqual({ n, status: 400 });
      expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'request.json_too_deep' });
    }
    const ok = await rawRequest(baseUrl, 'POST', '/v2/articles/Pear', { headers: TOKEN, body: deep(64) });
    expect(JSON.parse(ok.body).code).not.toBe('request.json_too_deep');
    const tooDeepLogin = await rawRequest(baseUrl, 'POST', '/v1/login', { body: '['.repeat(70) + ']'.repeat(70) });
    expect(tooDeepLogin.status).toBe(400);
  });

  it('answers 400 request.invalid_encoding to a body that does not decompress as its Content-Encoding says', async () => {
    for (const path of ['/v2/articles/Pear', '/v1/login', '/v2/sql', '/v2/articles', '/v2/projects']) {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await rawRequest(baseUrl, 'POST', path, {
          headers: { ...TOKEN, 'content-encoding': encoding },
          body: '{"limit":1}',
        });
        expect({ path, encoding, status: res.status }).toEqual({ path, encoding, status: 400 });
        expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'request.invalid_encoding' });
        expect(res.body).not.toMatch(/ at |zlib|header check/);
      }
    }
    expect(logged().some((l) => String(l.err).includes('zlib'))).toBe(false); // a client error, not a fault
  });

  it("answers what Node's HTTP parser refuses with a WME body, and a missing Host with the Host policy's 421", async () => {
    const { connect } = await import('node:net');
    const { hostname, port } = new URL(baseUrl);
    /** Bytes as sent, the raw answer as received (the server closes these connections). */
    const raw = (bytes: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(bytes));
        let out = '';
        socket.on('data', (c: Buffer) => (out += c.toString()));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
        socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
      });
    const cases: [string, number, string][] = [
      ['GARBAGE\r\n\r\n', 400, 'request.malformed'],
      ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n', 400, 'request.malformed'],
      [
        'POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
        400,
        'request.malformed',
      ],
      [
        `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
        'request.headers_too_large',
      ],
      ['GET /v2/projects HTTP/1.1\r\nConnection: close\r\n\r\n', 421, 'request.host_not_allowed'],
    ];
    for (const [bytes, status, code] of cases) {
      const answer = await raw(bytes);
      expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      const rest = answer.slice(answer.indexOf('\r\n\r\n') + 4); // maybe chunked: the one JSON object in it
      const body = JSON.parse(rest.slice(rest.indexOf('{'), rest.lastIndexOf('}') + 1));
      expect(body).toMatchObject({ status, code });
      expect(typeof body.message).toBe('string');
    }
    expect((await get('/healthz')).status).toBe(200);
  });

  it('answers a wrong method on an existing path with 405 and Allow; an unknown path stays 404', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v2/articles/Pear', 'GET, HEAD, POST'],
      ['PUT', '/healthz', 'GET, HEAD'],
      ['GET', '/v1/login', 'POST'],
      ['PATCH', '/v2/snapshots/enwiki_namespace_0/download', 'GET, HEAD'],
      ['OPTIONS', '/v2/projects', 'GET, HEAD, POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await rawRequest(baseUrl, method, path, { headers: TOKEN });
      expect({ method, path, status: res.status, allow: res.headers.allow }).toEqual({
        method,
        path,
        status: 405,
        allow,
      });
      expect(JSON.parse(res.body)).toMatchObject({ status: 405, code: 'request.method_not_allowed' });
    }
    const missing = await rawRequest(baseUrl, 'DELETE', '/v2/nowhere', { headers: TOKEN });
    expect(missing.status).toBe(404);
    expect(missing.headers.allow).toBeUndefined();
  });
});
