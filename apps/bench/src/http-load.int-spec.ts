import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { runLoad } from './http-load';

jest.setTimeout(30_000);

/**
 * A real server: 200 on /ok (after 1 ms), a chunked 200 on /chunked, on /echo 200 when the body
 * is `{"a":1}`, 503 + Retry-After on /busy, 404 elsewhere; counts what it answered.
 */
let server: Server;
let url: string;
const seen = { ok: 0, other: 0 };
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/chunked') {
      res.writeHead(200, { 'content-type': 'application/json' }).write('{"ok":');
      setTimeout(() => res.end('true}'), 1);
    } else if (req.url === '/echo') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(body === '{"a":1}' ? 200 : 400).end());
    } else if (req.url === '/busy') {
      res.writeHead(503, { 'retry-after': '1', 'content-length': '4' }).end('busy');
    } else if (req.url === '/ok') {
      seen.ok++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 1);
    } else {
      seen.other++;
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('closed loop (autocannon): counts 200s with sub-millisecond latencies, anything else as errors', async () => {
  seen.ok = seen.other = 0;
  const r = await runLoad({ baseUrl: url, paths: ['/ok', '/missing'], concurrency: 4, warmupMs: 200, durationMs: 800 });
  expect(r.requests).toBeGreaterThan(20);
  expect(r.errors).toBeGreaterThan(20);
  expect(seen.ok).toBeGreaterThanOrEqual(r.requests); // warm-up answers are not counted
  expect(r.p50Ms).toBeGreaterThanOrEqual(1);
  expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
  expect(Number.isInteger(r.p50Ms)).toBe(false);
});

it('paced: about the asked rate, on our own schedule', async () => {
  const r = await runLoad({
    baseUrl: url,
    paths: ['/ok'],
    concurrency: 4,
    warmupMs: 200,
    durationMs: 1000,
    ratePerSecond: 200,
  });
  expect(r.errors).toBe(0);
  expect(r.rps).toBeGreaterThan(100);
  expect(r.rps).toBeLessThan(260);
});

it('our client: reads chunked and sized answers, sends the body, counts 503 + Retry-After as shed and waits', async () => {
  const r = await runLoad({
    baseUrl: url,
    paths: ['/chunked', '/echo', '/busy'],
    method: 'POST',
    body: '{"a":1}',
    concurrency: 3,
    warmupMs: 0,
    durationMs: 1000,
    honourRetryAfter: true,
  });
  expect(r.errors).toBe(0);
  expect(r.requests).toBeGreaterThan(2);
  // Each client is shed at its third request at the latest, then waits at least half a second.
  expect(r.shed).toBeGreaterThan(0);
  expect(r.shed).toBeLessThanOrEqual(6);
  expect(r.clientLagP99Ms).toBeGreaterThanOrEqual(0);
});

it('our client in a child process: the same answers, counted over the measured window only', async () => {
  seen.ok = 0;
  const r = await runLoad({
    baseUrl: url,
    // Three answers, then a 503 with Retry-After: 1 (a wait of 0.5-1.5 s, from within the warm-up).
    paths: ['/ok', '/ok', '/ok', '/busy'],
    concurrency: 1,
    warmupMs: 100,
    durationMs: 2000,
    honourRetryAfter: true,
    clientProcess: true,
  });
  expect(r.errors).toBe(0);
  expect(r.requests).toBeGreaterThanOrEqual(3);
  expect(r.shed).toBeGreaterThanOrEqual(1);
  expect(r.seconds).toBe(2);
  expect(seen.ok).toBeGreaterThanOrEqual(r.requests);
});

it('clients over two processes: one result over both', async () => {
  seen.ok = 0;
  const r = await runLoad({
    baseUrl: url,
    paths: ['/ok'],
    concurrency: 4,
    warmupMs: 100,
    durationMs: 800,
    clientProcess: true,
    clientProcesses: 2,
    honourRetryAfter: true,
  });
  expect(r.errors).toBe(0);
  expect(r.requests).toBe(r.latencies.length);
  expect(r.requests).toBeGreaterThan(8);
  expect(seen.ok).toBeGreaterThanOrEqual(r.requests);
  expect(r.seconds).toBe(0.8);
});
