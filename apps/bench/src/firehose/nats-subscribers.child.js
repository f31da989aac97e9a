'use strict';
// Bench load generator for the NATS subscriber fan-out line (plain JS, its own process so its CPU
// is not charged to what is measured). Opens N NATS connections, each with an ordered JetStream
// consumer on one wiki's subjects (as internal consumers and API replicas read the firehose),
// reads the publish timestamp each Article starts with (`{"t":<epoch ms>,...`), and prints one
// JSON line of latencies when told to stop. Same protocol as sse-clients.child.js.
const { connect, DeliverPolicy } = require('nats');
const { latencyProbe } = require('./latency-probe.child-lib.js');
const cfg = JSON.parse(process.argv[2]);
const decoder = new TextDecoder();
const probe = latencyProbe();
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
      probe.message(head.startsWith('{"t":') && end > 5 ? Number(head.slice(5, end)) : undefined);
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
