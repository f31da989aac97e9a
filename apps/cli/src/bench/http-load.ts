import { Worker } from 'node:worker_threads';

/**
 * Closed-loop HTTP load from a worker thread (so the client does not share the server's event
 * loop): `concurrency` keep-alive clients each send the next request when the previous answer
 * has been read, cycling through `paths`. Latencies are for 200 answers; anything else counts as
 * an error.
 */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly paths: readonly string[];
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { baseUrl, paths, concurrency, warmupMs, durationMs, headers } = workerData;
const u = new URL(baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let next = 0;
function one() {
  const path = paths[next++ % paths.length];
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: u.hostname, port: u.port, path, agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve([Number(process.hrtime.bigint() - t0) / 1e6, res.statusCode]));
    });
    req.on('error', () => resolve([NaN, 0]));
    req.end();
  });
}
async function client(until, out) {
  while (Date.now() < until) {
    const [ms, status] = await one();
    if (!out) continue;
    if (status === 200) out.lat.push(ms); else out.errors++;
  }
}
(async () => {
  await Promise.all(Array.from({ length: concurrency }, () => client(Date.now() + warmupMs)));
  const out = { lat: [], errors: 0 };
  const start = Date.now();
  await Promise.all(Array.from({ length: concurrency }, () => client(start + durationMs, out)));
  agent.destroy();
  parentPort.postMessage({ lat: out.lat, errors: out.errors, seconds: (Date.now() - start) / 1000 });
})();
`;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { ...options, headers: options.headers ?? {} } });
    worker.once('error', reject);
    worker.once('message', (m: { lat: number[]; errors: number; seconds: number }) => {
      const sorted = Float64Array.from(m.lat).sort();
      resolve({
        requests: m.lat.length,
        errors: m.errors,
        seconds: m.seconds,
        rps: m.lat.length / m.seconds,
        p50Ms: percentile(Array.from(sorted), 50),
        p99Ms: percentile(Array.from(sorted), 99),
      });
      void worker.terminate();
    });
  });
}
