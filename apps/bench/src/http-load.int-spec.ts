import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { runLoad } from './http-load';

jest.setTimeout(30_000);

/** A real server: 200 on /ok (after 1 ms), 404 elsewhere; counts what it answered. */
let server: Server;
let url: string;
const seen = { ok: 0, other: 0 };
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') {
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
