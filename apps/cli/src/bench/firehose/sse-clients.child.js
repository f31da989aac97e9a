'use strict';
// Bench load generator (plain JS: runs as a child process so client CPU is not charged to the
// server). Opens N SSE connections, reads the publish timestamp each message starts with
// (`{"t":<epoch ms>,...`), and prints one JSON line of latencies when told to stop.
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const cfg = JSON.parse(process.argv[2]);
const now = () => performance.timeOrigin + performance.now();
let measuring = false;
const lat = [];
let received = 0;
let connected = 0;
let cpu0;
let wall0 = 0;
for (let i = 0; i < cfg.clients; i++) {
  const req = http.request(
    cfg.base + cfg.paths[i % cfg.paths.length],
    { agent: false, headers: { accept: 'text/event-stream' } },
    (res) => {
      connected++;
      if (connected === cfg.clients) process.stdout.write('{"ready":true}\n');
      res.setEncoding('latin1');
      let buf = '';
      res.on('data', (chunk) => {
        buf += chunk;
        let i;
        let from = 0;
        while ((i = buf.indexOf('data: {"t":', from)) >= 0) {
          const end = buf.indexOf(',', i + 11);
          if (end < 0) break;
          if (measuring) lat.push(now() - Number(buf.slice(i + 11, end)));
          received++;
          from = end;
        }
        buf = buf.slice(Math.max(from, buf.length - 64));
      });
    },
  );
  req.on('error', (e) => process.stderr.write(`client ${i}: ${e.message}\n`));
  req.end();
}
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
      JSON.stringify({ n: lat.length, received, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1], clientCpuCores }) +
        '\n',
    );
    process.exit(0);
  }
});
