'use strict';
// Bench load generator for the NATS subscriber fan-out line (plain JS, its own process so its CPU
// is not charged to what is measured). Opens N NATS connections, each with an ordered JetStream
// consumer on one wiki's subjects (as internal consumers and API replicas read the firehose),
// reads the publish timestamp each Article starts with (`{"t":<epoch ms>,...`), and prints one
// JSON line of latencies when told to stop. Same protocol as sse-clients.child.js.
const { connect, DeliverPolicy } = require('nats');
const { performance } = require('node:perf_hooks');
const cfg = JSON.parse(process.argv[2]);
const now = () => performance.timeOrigin + performance.now();
const decoder = new TextDecoder();
let measuring = false;
const lat = [];
let received = 0;
let cpu0;
let wall0 = 0;
const connections = [];

async function subscriber(i) {
  const nc = await connect({ servers: cfg.url, name: `bench-subscriber-${i}` });
  connections.push(nc);
  const wiki = cfg.wikis[i % cfg.wikis.length];
  const consumer = await nc.jetstream().consumers.get(cfg.stream, {
    filterSubjects: `${cfg.subjectPrefix}.${wiki}.>`,
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume({ max_messages: 1000 });
  (async () => {
    for await (const m of messages) {
      const head = decoder.decode(m.data.subarray(0, 32));
      const end = head.indexOf(',');
      if (measuring && head.startsWith('{"t":') && end > 5) lat.push(now() - Number(head.slice(5, end)));
      received++;
    }
  })().catch((e) => process.stderr.write(`subscriber ${i}: ${e.message}\n`));
}

Promise.all(Array.from({ length: cfg.subscribers }, (_, i) => subscriber(i))).then(
  () => process.stdout.write('{"ready":true}\n'),
  (e) => {
    process.stderr.write(`subscribers: ${e.message}\n`);
    process.exit(1);
  },
);

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
    const clientCpuCores = (cpu.user + cpu.system) / 1000 / (now() - wall0);
    process.stdout.write(
      JSON.stringify({ n: lat.length, received, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1], clientCpuCores }) +
        '\n',
    );
    process.exit(0);
  }
});
