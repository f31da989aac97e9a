/**
 * The publisher against real NATS JetStream: exactly once into the stream across a publisher
 * crash, and recovery (publisher and live follower) across a NATS server restart. The restart
 * test runs its own nats-server on a free port with its own store dir, never the shared one.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { BusMessage, resumeId } from '@okapi/projections';
import { NatsArticleBus } from '@okapi/adapters/bus';
import { EventStore, must } from '@okapi/domain';
import { makeTempDir, openTestNatsBus, TempDir, waitFor } from '@okapi/testing';
import { appendMix } from '../../../api/src/realtime/testing/firehose-test-kit';
import { expectedMessages } from '../../../api/src/realtime/testing/firehose-oracle';
import { WorkerSupervisor } from '@okapi/adapters/runtime';
import { ArticlePublisher } from './article-publisher';

jest.setTimeout(60_000);

async function allInBus(bus: NatsArticleBus): Promise<BusMessage[]> {
  const b = await bus.bounds();
  const out: BusMessage[] = [];
  for await (const m of bus.read(b.firstSeq, b.lastSeq, `${bus.subjectPrefix}.>`)) out.push(m);
  return out;
}

/** The publisher as processes run it: restarted by a supervisor after a failure. */
const supervised = (publisher: ArticlePublisher, initialMs: number): WorkerSupervisor =>
  new WorkerSupervisor([publisher], { backoff: { initialMs, maxMs: initialMs * 4 } });

let dir: TempDir;
let store: EventStore;
beforeEach(() => {
  dir = makeTempDir('okapi-publisher-');
  store = openSqliteEventStore({ path: `${dir.path}/events.sqlite3` });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

it('publishes every Article exactly once across a publisher crash', async () => {
  const id = randomBytes(5).toString('hex');
  await appendMix(store, 0, 3000, 500);
  const crashing = await openTestNatsBus({ id });
  const first = supervised(new ArticlePublisher(store, crashing, { whenEmpty: 'beginning' }), 50);
  await first.start();
  await waitFor(async () => (await crashing.bounds()).lastSeq >= 50, { timeoutMs: 20_000, intervalMs: 1 });
  await crashing.close(); // the connection drops with publishes in flight
  await first.stop();
  const bus = await openTestNatsBus({ id });
  try {
    const partial = must(await bus.lastPosition(), 'the last position');
    expect(partial.offset).toBeLessThan(3000);
    const second = supervised(new ArticlePublisher(store, bus, { whenEmpty: 'beginning' }), 50);
    await second.start();
    const want = (await expectedMessages(store, bus.subjectPrefix)).map((m) => m.id);
    await waitFor(async () => (await bus.bounds()).lastSeq >= want.length, { timeoutMs: 20_000 });
    await second.stop();
    expect((await allInBus(bus)).map(resumeId)).toEqual(want);
  } finally {
    await bus.destroy();
    await bus.close();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startNats(port: number, storeDir: string): Promise<ChildProcess> {
  const p = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    p.stderr.on('data', (d: Buffer) => {
      if (d.toString().includes('Server is ready')) resolve(p);
    });
    p.on('exit', (code) => reject(new Error(`nats-server exited ${code}`)));
  });
}

it('recovers publisher and live follower across a NATS server restart, with no gap or duplicate', async () => {
  const port = await freePort();
  const js = makeTempDir('okapi-nats-');
  let server = await startNats(port, js.path);
  const bus = await openTestNatsBus({ url: `nats://127.0.0.1:${port}` });
  const followed: BusMessage[] = [];
  const feed = bus.follow(1, (m) => followed.push(m));
  const publisher = supervised(new ArticlePublisher(store, bus, { whenEmpty: 'beginning' }), 100);
  try {
    await publisher.start();
    await appendMix(store, 0, 100);
    await waitFor(() => followed.length > 0 && followed[followed.length - 1].offset === 100, { timeoutMs: 15_000 });
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    await appendMix(store, 100, 100); // appended while NATS is down
    server = await startNats(port, js.path);
    await appendMix(store, 200, 100);
    const want = (await expectedMessages(store, bus.subjectPrefix)).map((m) => m.id);
    await waitFor(() => followed.length >= want.length, {
      timeoutMs: 30_000,
      message: 'follower to catch up after restart',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(followed.map(resumeId)).toEqual(want);
    expect((await allInBus(bus)).map(resumeId)).toEqual(want);
  } finally {
    await publisher.stop();
    await feed.close();
    await bus.close();
    server.kill('SIGKILL');
    js.remove();
  }
});
