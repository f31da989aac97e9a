'use strict';
// Bench load generator (plain JS: runs as a child process so client CPU is not charged to the
// server). Opens N SSE connections, reads the publish timestamp each message starts with
// (`{"t":<epoch ms>,...`), and prints one JSON line of latencies when told to stop.
const http = require('node:http');
const { latencyProbe } = require('./latency-probe.child-lib.js');
const cfg = JSON.parse(process.argv[2]);
const probe = latencyProbe();
let connected = 0;
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
          probe.message(Number(buf.slice(i + 11, end)));
          from = end;
        }
        buf = buf.slice(Math.max(from, buf.length - 64));
      });
    },
  );
  req.on('error', (e) => process.stderr.write(`client ${i}: ${e.message}\n`));
  req.end();
}
