'use strict';
// The measuring side shared by the bench's load-generator children (sse-clients.child.js,
// nats-subscribers.child.js): latencies of the messages that arrive while measuring, and the stdin
// protocol their parent drives (`start`, then `stop`: one JSON line of figures, then exit 0).
const { performance } = require('node:perf_hooks');

const now = () => performance.timeOrigin + performance.now();

function latencyProbe() {
  const lat = [];
  let measuring = false;
  let received = 0;
  let cpu0;
  let wall0 = 0;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => {
    if (d.includes('start')) {
      measuring = true;
      received = 0;
      cpu0 = process.cpuUsage();
      wall0 = now();
    }
    if (d.includes('stop')) {
      measuring = false;
      lat.sort((a, b) => a - b);
      const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
      const cpu = process.cpuUsage(cpu0);
      // The generator's own CPU share: it competes with the server for the same cores.
      const clientCpuCores = (cpu.user + cpu.system) / 1000 / (now() - wall0);
      process.stdout.write(
        JSON.stringify({
          n: lat.length,
          received,
          p50: q(0.5),
          p99: q(0.99),
          max: lat[lat.length - 1],
          clientCpuCores,
        }) + '\n',
      );
      process.exit(0);
    }
  });
  return {
    /** One message arrived; `sentMs` is its publish time (epoch ms), undefined when it carries none. */
    message(sentMs) {
      if (measuring && sentMs !== undefined) lat.push(now() - sentMs);
      received++;
    },
  };
}

module.exports = { latencyProbe };
