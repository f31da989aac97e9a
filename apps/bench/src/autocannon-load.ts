/**
 * Closed-loop HTTP load through autocannon, run in a worker thread (the server under test keeps
 * the main thread to itself). Speaks the protocol of http-load.ts's own client (which gives it `parentPort` and `workerData`): `{ measuring: true }`
 * when the warm-up run ends, then `{ lat, errors, shed, seconds }`. Latencies are each 200
 * answer's time in ms as autocannon measures it (hrtime, sub-millisecond; its own histogram
 * rounds to whole ms, too coarse for the lookup bench's p99 ratios).
 *
 * Why autocannon for closed loops: at c=16 against one small JSON route on this machine it drove
 * 1,700-2,400 req/s where our client, then on node:http, drove ~260 (p50 1-2 ms vs ~45 ms: the
 * client, not the server, was the bottleneck; ours now speaks HTTP over raw sockets, see
 * http-load.ts). Why not for paced runs: autocannon's rate limit lets each
 * connection send its quota for the second as fast as it can and then idle (httpClient.js,
 * `reqsMadeThisSecond`), a burst a second rather than a schedule, so http-load.ts keeps its own
 * paced client, which sends on a fixed schedule and counts latency from the scheduled time.
 */
export const AUTOCANNON_WORKER = `
const autocannon = require(workerData.autocannonPath);
const { baseUrl, paths, concurrency, warmupMs, durationMs, headers, method, body } = workerData;
const sendHeaders = body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
function run(ms, out) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: concurrency,
        duration: ms / 1000,
        requests: paths.map((path) => ({ path, method: method || 'GET', headers: sendHeaders, body })),
      },
      (err, result) => {
        if (err) return reject(err);
        out.errors += result.errors + result.timeouts;
        resolve(result);
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) out.lat.push(ms);
      else out.errors++;
    });
  });
}
(async () => {
  await run(warmupMs, { lat: [], errors: 0 });
  parentPort.postMessage({ measuring: true });
  const out = { lat: [], errors: 0 };
  const start = Date.now();
  await run(durationMs, out);
  parentPort.postMessage({ lat: out.lat, errors: out.errors, shed: 0, seconds: (Date.now() - start) / 1000 });
})().catch((e) => { throw e; });
`;

/** Where the worker loads autocannon from (resolved here, where module resolution knows the repo; a dev dependency). */
export function autocannonPath(): string {
  return require.resolve('autocannon');
}
