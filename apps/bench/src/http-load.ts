import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { AUTOCANNON_WORKER, autocannonPath } from './autocannon-load';
import { percentile } from './bench';

// Re-exported for the benches that read latencies from here.
export { percentile };

/**
 * HTTP load from a worker thread (so the client does not share the server's event loop):
 * `concurrency` keep-alive clients each send the next request when the previous answer has been
 * read, cycling through `paths` (closed loop: autocannon, see autocannon-load.ts; paced or
 * honouring Retry-After: our own client below). Latencies are for 200 answers; anything else
 * counts as an error. Whatever server is measured, the load generator is this same code in the
 * same kind of thread, so both sides of a comparison compete with it for the cores alike.
 */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly paths: readonly string[];
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Paced mode: the clients together send this many requests per second on a fixed schedule,
   * and latency counts from the scheduled send time (so a stall is not hidden by sending less:
   * no coordinated omission). Unset: closed loop, as fast as answers come back.
   */
  readonly ratePerSecond?: number;
  /** Request method (default GET). */
  readonly method?: string;
  /** Request body, sent with `content-type: application/json` (a GET may carry one, as WME SDKs send it). */
  readonly body?: string;
  /**
   * A well-behaved client: a 503 with `Retry-After` is counted as shed (not an error) and that
   * client waits the given seconds before its next request.
   */
  readonly honourRetryAfter?: boolean;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  /** 503 answers with Retry-After (only counted with `honourRetryAfter`). */
  readonly shed: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * CPU time of this process's main thread (the server's) per answered request, µs, from
   * /proc (Linux; NaN elsewhere): the server's cost, far steadier than latency on a shared
   * machine, and unlike event-loop busy time not inflated while the thread waits for a core.
   */
  readonly serverCpuUsPerRequest: number;
  /** Busy time of the server's event loop per answered request, µs (includes waiting for a core). */
  readonly serverUsPerRequest: number;
}

const TICK_US = 10_000; // USER_HZ is 100 on every Linux this runs on

/** utime + stime of the main thread in µs, or NaN where /proc is not available. */
function mainThreadCpuUs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_US; // fields 14 and 15 of stat(5)
  } catch {
    return NaN;
  }
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { baseUrl, paths, concurrency, warmupMs, durationMs, headers, ratePerSecond, method, body, honourRetryAfter } = workerData;
const sendHeaders = body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
const u = new URL(baseUrl);
// Every client keeps its connection while it waits (the default keeps only 256 idle sockets).
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
let next = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
function one(scheduledMs) {
  const path = paths[next++ % paths.length];
  return new Promise((resolve) => {
    const t0 = scheduledMs !== undefined ? BigInt(Math.round(scheduledMs * 1e6)) : process.hrtime.bigint();
    const req = http.request({ host: u.hostname, port: u.port, path, agent, headers: sendHeaders, method: method || 'GET' }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve([Number(process.hrtime.bigint() - t0) / 1e6, res.statusCode, res.headers['retry-after']]));
    });
    req.on('error', () => resolve([NaN, 0]));
    req.end(body);
  });
}
async function client(until, out, index) {
  const interval = ratePerSecond ? (1000 * concurrency) / ratePerSecond : 0;
  let due = nowMs() + (interval * index) / concurrency;
  while (Date.now() < until) {
    let scheduled;
    if (interval) {
      const wait = due - nowMs();
      if (wait > 0) await sleep(wait);
      // Late: count from when it was due. Timers may also wake a little early: then from now.
      scheduled = Math.min(due, nowMs());
      due += interval;
    }
    const [ms, status, retryAfter] = await one(scheduled);
    const shed = honourRetryAfter && status === 503 && retryAfter !== undefined;
    if (out) {
      if (status === 200) out.lat.push(ms);
      else if (shed) out.shed++;
      else out.errors++;
    }
    if (shed) await sleep(Math.min(Number(retryAfter) || 1, 5) * 1000 * (0.5 + Math.random()));
  }
}
(async () => {
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(Date.now() + warmupMs, undefined, i)));
  const out = { lat: [], errors: 0, shed: 0 };
  parentPort.postMessage({ measuring: true });
  const start = Date.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(start + durationMs, out, i)));
  agent.destroy();
  parentPort.postMessage({ lat: out.lat, errors: out.errors, shed: out.shed, seconds: (Date.now() - start) / 1000 });
})();
`;

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // Closed loops through autocannon; paced runs through our own scheduled client (autocannon-load.ts says why).
    // Honouring Retry-After needs a per-client pause autocannon has no hook for: our client too.
    const closed = options.ratePerSecond === undefined && !options.honourRetryAfter;
    const workerData = { ...options, headers: options.headers ?? {}, autocannonPath: closed ? autocannonPath() : '' };
    const worker = new Worker(closed ? AUTOCANNON_WORKER : WORKER, { eval: true, workerData });
    let elu: ReturnType<typeof performance.eventLoopUtilization> | undefined;
    let cpu0 = NaN;
    worker.once('error', reject);
    worker.on(
      'message',
      (m: { measuring: true } | { lat: number[]; errors: number; shed: number; seconds: number }) => {
        // The worker says when its warm-up ends: server costs count from there.
        if ('measuring' in m) {
          elu = performance.eventLoopUtilization();
          cpu0 = mainThreadCpuUs();
          return;
        }
        const busy = elu ? performance.eventLoopUtilization(elu) : undefined;
        const answered = m.lat.length + m.errors + m.shed;
        const cpuUs = mainThreadCpuUs() - cpu0;
        const sorted = Float64Array.from(m.lat).sort();
        resolve({
          requests: m.lat.length,
          errors: m.errors,
          shed: m.shed,
          seconds: m.seconds,
          rps: m.lat.length / m.seconds,
          p50Ms: percentile(Array.from(sorted), 50),
          p99Ms: percentile(Array.from(sorted), 99),
          serverCpuUsPerRequest: answered ? cpuUs / answered : NaN,
          serverUsPerRequest: busy && answered ? (busy.active * 1000) / answered : NaN,
        });
        void worker.terminate();
      },
    );
  });
}
