import { readFileSync } from 'node:fs';
import { cpuMsOfStat } from '@okapi/adapters/runtime';
import { IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { AUTOCANNON_WORKER, autocannonPath } from './autocannon-load';
import { killOnExit, percentile } from './bench';

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
  /**
   * Diagnostics: each request carries `x-load-sent` (the client's write time, ms on the
   * monotonic clock every thread of this process shares) and the result lists every 200 answer
   * as [write time, ms to the last byte read], so a server-side tap can split where it went.
   */
  readonly stampSends?: boolean;
  /**
   * The client in a child process of its own instead of a worker thread: with thousands of
   * connections its event loop and garbage collector then share nothing with the server's
   * process (a worker thread shares its heap's process, allocator and GC helper threads).
   */
  readonly clientProcess?: boolean;
  /**
   * With `clientProcess`: the clients split over this many processes (default 1), results
   * merged; thousands of clients in one process lagged its event loop, and the latencies of the
   * few the server accepted with it.
   */
  readonly clientProcesses?: number;
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
  /**
   * p99 of the server's (this process's main thread's) event-loop delay, ms: how long a request
   * that has arrived may wait before the server gets to it (a busy turn, GC, no core to run on).
   */
  readonly serverLagP99Ms: number;
  /** p99 of the client thread's own event-loop delay, ms (our client only; NaN under autocannon). */
  readonly clientLagP99Ms: number;
  /** With `stampSends`: [write time as sent in `x-load-sent`, latency ms] of each 200 answer. */
  readonly stamped?: readonly [string, number][];
  /** Each 200 answer's latency, ms (to merge the results of several client processes). */
  readonly latencies: readonly number[];
}

/** utime + stime of the main thread in µs, or NaN where /proc is not available. */
function mainThreadCpuUs(): number {
  try {
    return cpuMsOfStat(readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1')) * 1000;
  } catch {
    return NaN;
  }
}

/**
 * Our own client: one keep-alive connection per client over a raw socket, requests written as
 * prepared bytes and answers parsed just far enough (status, Retry-After, content-length or
 * chunked framing). node:http's client costs several times what the server spends on a cached
 * lookup; at 2,000 clients on two cores it, not the server, was the queue (its event loop lagged
 * up to a second while the server answered in microseconds). A latency runs from the write of
 * the request (or the connect, for a new connection) to the last byte of the answer, as read by
 * this thread: the client's own lag is in it, and reported (`clientLagP99Ms`).
 */
const WORKER = `
const net = require('node:net');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { baseUrl, paths, concurrency, warmupMs, durationMs, headers, ratePerSecond, method, body, honourRetryAfter, stampSends } = workerData;
const u = new URL(baseUrl);
const host = u.hostname, port = Number(u.port);
const head = (path) => {
  const lines = [(method || 'GET') + ' ' + path + ' HTTP/1.1', 'host: ' + u.host];
  for (const [k, v] of Object.entries(headers)) lines.push(k + ': ' + v);
  if (body !== undefined) lines.push('content-type: application/json', 'content-length: ' + Buffer.byteLength(body));
  return lines.join('\\r\\n') + '\\r\\n' + (stampSends ? '' : '\\r\\n' + (body ?? ''));
};
const requests = paths.map((p) => Buffer.from(head(p)));
const nowStamp = () => Number(process.hrtime.bigint()) / 1e6;
/** The prepared bytes, with the write time \`stamp\` in when asked (GET without body only). */
const bytesOf = (r, stamp) => stampSends ? Buffer.concat([r, Buffer.from('x-load-sent: ' + stamp + '\\r\\n\\r\\n')]) : r;
let next = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const CRLF2 = Buffer.from('\\r\\n\\r\\n');

/** Where a chunked body that starts at \`from\` ends in \`buf\` (past its last chunk), or -1. */
function chunkedEnd(buf, from) {
  for (let i = from; ; ) {
    const eol = buf.indexOf('\\r\\n', i);
    if (eol < 0) return -1;
    const size = parseInt(buf.toString('latin1', i, eol), 16);
    if (size === 0) {
      const end = buf.indexOf(CRLF2, eol);
      return end < 0 ? -1 : end + 4;
    }
    i = eol + 2 + size + 2;
    if (i > buf.length) return -1;
  }
}

/** One keep-alive connection: \`send(bytes)\` resolves [status, retryAfter] (status 0: the connection failed). */
function connection() {
  let socket, buf = Buffer.alloc(0), done, status = 0, retryAfter, bodyAt = -1, length = -1, close = false;
  const settle = (s) => {
    const d = done;
    done = undefined;
    buf = Buffer.alloc(0);
    bodyAt = -1;
    if (d) d([s, retryAfter]);
  };
  const onData = (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    if (bodyAt < 0) {
      const end = buf.indexOf(CRLF2);
      if (end < 0) return;
      const text = buf.toString('latin1', 0, end).toLowerCase();
      status = Number(text.slice(9, 12));
      const field = (name) => { const m = new RegExp('\\r\\n' + name + ':[ \\t]*([^\\r]*)').exec(text); return m ? m[1].trim() : undefined; };
      retryAfter = field('retry-after');
      const cl = field('content-length');
      length = cl !== undefined ? Number(cl) : field('transfer-encoding') === 'chunked' ? -1 : 0;
      close = field('connection') === 'close';
      bodyAt = end + 4;
    }
    const end = length >= 0 ? (buf.length >= bodyAt + length ? bodyAt + length : -1) : chunkedEnd(buf, bodyAt);
    if (end < 0) return;
    if (close) { socket.destroy(); socket = undefined; }
    settle(status);
  };
  const open = () => {
    const s = net.connect({ host, port, noDelay: true });
    s.on('data', onData);
    s.on('error', () => {});
    s.on('close', () => {
      if (socket !== s) return; // one this client closed itself after its answer
      socket = undefined;
      if (done) settle(0);
    });
    return s;
  };
  return {
    send(bytes) {
      return new Promise((resolve) => {
        done = resolve;
        socket ??= open();
        socket.write(bytes);
      });
    },
    close() { socket?.destroy(); },
  };
}

/**
 * One client from now until \`until\`, one run with no pause between warm-up and measurement:
 * what it sends from \`from\` on is counted in \`out\`. (Stopping after the warm-up and
 * starting again lined every client up: the ones waiting out a Retry-After held the others
 * idle for seconds, idle keep-alive connections timed out, and all clients connected again at
 * once at the start of the measurement.) A wait is cut short at \`until\`.
 */
async function client(from, until, out, index, conn) {
  const interval = ratePerSecond ? (1000 * concurrency) / ratePerSecond : 0;
  let due = nowMs() + (interval * index) / concurrency;
  while (Date.now() < until) {
    let t0;
    if (interval) {
      const wait = due - nowMs();
      if (wait > 0) await sleep(wait);
      // Late: count from when it was due. Timers may also wake a little early: then from now.
      t0 = Math.min(due, nowMs());
      due += interval;
    } else t0 = nowMs();
    const counted = Date.now() >= from;
    const stamp = stampSends ? nowStamp().toFixed(4) : '';
    const [status, retryAfter] = await conn.send(bytesOf(requests[next++ % requests.length], stamp));
    const ms = nowMs() - t0;
    if (counted && stampSends && status === 200) out.stamped.push([stamp, nowStamp() - Number(stamp)]);
    const shed = honourRetryAfter && status === 503 && retryAfter !== undefined;
    if (counted) {
      if (status === 200) out.lat.push(ms);
      else if (shed) out.shed++;
      else out.errors++;
    }
    if (shed) await sleep(Math.min(Math.min(Number(retryAfter) || 1, 60) * 1000 * (0.5 + Math.random()), until - Date.now()));
  }
}
(async () => {
  const conns = Array.from({ length: concurrency }, connection);
  const out = { lat: [], errors: 0, shed: 0, stamped: [] };
  const from = Date.now() + warmupMs;
  const until = from + durationMs;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  setTimeout(() => {
    lag.enable();
    parentPort.postMessage({ measuring: true });
  }, warmupMs);
  await Promise.all(conns.map((c, i) => client(from, until, out, i, c)));
  lag.disable();
  for (const c of conns) c.close();
  parentPort.postMessage({ lat: out.lat, errors: out.errors, shed: out.shed, seconds: durationMs / 1000, clientLagP99Ms: lag.percentile(99) / 1e6, stamped: stampSends ? out.stamped : undefined });
})();
`;

/** What a client's code finds as `parentPort` and `workerData`, in a worker thread or a child process. */
const THREAD_PRELUDE = `const { parentPort, workerData } = require('node:worker_threads');`;
const PROCESS_PRELUDE = `const workerData = JSON.parse(process.env.OKAPI_LOAD_CLIENT);
const parentPort = { postMessage: (m) => process.send(m) };
process.on('disconnect', () => process.exit(0));`;

type LoadClient = Pick<EventEmitter, 'on' | 'once'> & { terminate(): unknown };

function startClient(code: string, workerData: Record<string, unknown>, inProcess: boolean): LoadClient {
  if (!inProcess) return new Worker(`${THREAD_PRELUDE}\n${code}`, { eval: true, workerData });
  const child = spawn(process.execPath, ['-e', `${PROCESS_PRELUDE}\n${code}`], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, OKAPI_LOAD_CLIENT: JSON.stringify(workerData) },
  });
  killOnExit(child);
  child.once('exit', (code) => {
    if (code) child.emit('error', new Error(`load client exited ${code}`));
  });
  return Object.assign(child, { terminate: () => child.kill() });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const n = options.clientProcess ? Math.min(options.clientProcesses ?? 1, options.concurrency) : 1;
  if (n <= 1) return runClient(options);
  const share = (total: number, i: number): number => Math.floor(total / n) + (i < total % n ? 1 : 0);
  const parts = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const concurrency = share(options.concurrency, i);
      const ratePerSecond = options.ratePerSecond && (options.ratePerSecond * concurrency) / options.concurrency;
      return runClient({ ...options, concurrency, ratePerSecond });
    }),
  );
  return mergeResults(parts);
}

/**
 * One result from several client processes' over the same window: counts add up, percentiles
 * over every latency; each part measured the same server over about the same window, so its
 * costs are the first part's over every answer.
 */
function mergeResults(parts: readonly LoadResult[]): LoadResult {
  const answered = (r: LoadResult): number => r.requests + r.errors + r.shed;
  const first = parts[0];
  const all = parts.reduce((n, r) => n + answered(r), 0);
  const latencies = parts.flatMap((r) => r.latencies);
  const sorted = Array.from(Float64Array.from(latencies).sort());
  const requests = latencies.length;
  return {
    requests,
    errors: parts.reduce((n, r) => n + r.errors, 0),
    shed: parts.reduce((n, r) => n + r.shed, 0),
    seconds: first.seconds,
    rps: requests / first.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    serverCpuUsPerRequest: (first.serverCpuUsPerRequest * answered(first)) / all,
    serverUsPerRequest: (first.serverUsPerRequest * answered(first)) / all,
    serverLagP99Ms: first.serverLagP99Ms,
    clientLagP99Ms: Math.max(...parts.map((r) => r.clientLagP99Ms)),
    stamped: first.stamped && parts.flatMap((r) => r.stamped ?? []),
    latencies,
  };
}

function runClient(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // Closed loops through autocannon; paced runs through our own scheduled client (autocannon-load.ts says why).
    // Honouring Retry-After needs a per-client pause autocannon has no hook for: our client too.
    const closed = options.ratePerSecond === undefined && !options.honourRetryAfter;
    const workerData = { ...options, headers: options.headers ?? {}, autocannonPath: closed ? autocannonPath() : '' };
    const worker = startClient(closed ? AUTOCANNON_WORKER : WORKER, workerData, options.clientProcess === true);
    let elu: ReturnType<typeof performance.eventLoopUtilization> | undefined;
    let cpu0 = NaN;
    let lag: IntervalHistogram | undefined;
    worker.once('error', reject);
    worker.on(
      'message',
      (
        m:
          | { measuring: true }
          | {
              lat: number[];
              errors: number;
              shed: number;
              seconds: number;
              clientLagP99Ms?: number;
              stamped?: [string, number][];
            },
      ) => {
        // The worker says when its warm-up ends: server costs count from there.
        if ('measuring' in m) {
          elu = performance.eventLoopUtilization();
          cpu0 = mainThreadCpuUs();
          lag = monitorEventLoopDelay({ resolution: 1 });
          lag.enable();
          return;
        }
        const busy = elu ? performance.eventLoopUtilization(elu) : undefined;
        lag?.disable();
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
          serverLagP99Ms: lag ? lag.percentile(99) / 1e6 : NaN,
          clientLagP99Ms: m.clientLagP99Ms ?? NaN,
          stamped: m.stamped,
          latencies: m.lat,
        });
        void worker.terminate();
      },
    );
  });
}
