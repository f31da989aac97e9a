/**
 * Distributed Okapi under faults, for real: `scripts/cluster.sh up` starts a 3-node NATS
 * JetStream cluster (stream with 3 replicas), every role as its own process against the
 * ClickHouse server and a SQLite event store with one writer, and two API replicas. With the
 * generator at 100 edits/s, each role and the NATS stream leader are killed with SIGKILL once
 * and restarted. Then, with the load stopped:
 *  - ClickHouse holds exactly the revisions the event store recorded;
 *  - a client that followed the firehose through the replicas (resuming on the other one when
 *    its replica died), and fresh reads from offset 0 and from the middle on each replica, got
 *    the same messages: every one the log implies, in order, none twice, byte for byte equal;
 *  - the example NestJS consumer (JetStream transport) got every matching message, counted after
 *    dedupe by offset;
 *  - the projector's and the publisher's lag is back to zero; on-demand answers agree.
 * Prints the recovery time of each fault and the run's duration. Everything it starts, it stops.
 */
import { spawnSync } from 'node:child_process';
import { INestMicroservice } from '@nestjs/common';
import { EventStore, must } from '@okapi/domain';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { ArticleDerivations } from '@okapi/adapters/derivations';
import { SqliteDerivationStore } from '@okapi/adapters/derivations';
import { sharedDerivationPool } from '@okapi/adapters/wikitext';
import { ifSetUp, waitFor } from '@okapi/testing';
import { createConsumerApp } from '../../apps/consumer-example/src/create-consumer-app';
import { SuspectEditsLog } from '../../apps/consumer-example/src/suspect-edits.controller';
import { ClusterFixture, metric } from './cluster.fixture';
import { DRILLS, Recovery } from './fault-drills';
import { matching, StoreSummary, summarizeStore } from './firehose-expectation';
import { ResumingStreamClient } from './resuming-stream.client';

const CLICKHOUSE = process.env.OKAPI_TEST_CLICKHOUSE_URL;
const NATS_SERVER = spawnSync('nats-server', ['--version']).status === 0;
const REQUIRED = process.env.OKAPI_TEST_REQUIRE_CLICKHOUSE === '1' || process.env.OKAPI_TEST_REQUIRE_NATS === '1';
const SUSPECT_FILTER = 'okapi.article.*.0.*.suspect';
const LONG = { timeoutMs: 120_000, intervalMs: 100 };
/** Events recorded before the first fault and between two faults: ~15 s each at 100 edits/s. */
const PACE_EVENTS = 1500;

jest.setTimeout(12 * 60_000);

const runnable = Boolean(CLICKHOUSE && NATS_SERVER);
if (!runnable && REQUIRED) {
  it('has a ClickHouse server (OKAPI_TEST_CLICKHOUSE_URL) and the nats-server binary', () => {
    expect({ clickhouse: Boolean(CLICKHOUSE), natsServer: NATS_SERVER }).toEqual({
      clickhouse: true,
      natsServer: true,
    });
  });
}

(runnable ? describe : describe.skip)(
  `distributed roles under kill -9${runnable ? '' : ' [NOT RUN: needs OKAPI_TEST_CLICKHOUSE_URL and nats-server]'}`,
  () => {
    const fx = new ClusterFixture(CLICKHOUSE ?? '');
    const started = Date.now();
    let store: EventStore;
    let consumer: INestMicroservice | undefined;
    let follower: ResumingStreamClient | undefined;
    const recoveries: Recovery[] = [];
    const figures: Record<string, number> = {};
    let summary: StoreSummary;

    beforeAll(async () => {
      fx.up({ OKAPI_SOURCES: 'generator:enwiki,dewiki', OKAPI_GENERATOR_RATE: '100', OKAPI_LOG_LEVEL: 'warn' });
      store = openSqliteEventStore({ path: `${fx.cluster.plan.dataDir}/events.sqlite3`, readOnly: true });
      await fx.connectNats();
      consumer = await createConsumerApp({
        servers: fx.cluster.plan.natsUrl,
        stream: fx.stream,
        durable: `faults_${fx.id}`,
        filterSubject: SUSPECT_FILTER,
      });
      await consumer.listen();
      follower = new ResumingStreamClient([fx.url('api-1'), fx.url('api-2')], fx.token).start();
    });

    afterAll(async () => {
      follower?.close();
      await consumer?.close().catch(() => undefined);
      await ifSetUp(store)?.close();
      process.stderr.write(
        `cluster faults: ${JSON.stringify({
          duration_s: Math.round((Date.now() - started) / 1000),
          ...figures,
          recovery_ms: Object.fromEntries(
            recoveries.map((r) => [r.target, { ready: r.readyMs, recovered: r.recoveredMs }]),
          ),
          notes: Object.fromEntries(recoveries.map((r) => [r.target, r.note])),
        })}\n`,
      );
      await fx.down();
    });

    it('survives kill -9 of each role and of the NATS stream leader, under 100 edits/s', async () => {
      const loadStarted = Date.now();
      for (const [, drill] of DRILLS) {
        // The load runs on between faults: wait for progress (events recorded), not for time.
        const from = Number(await store.head());
        await waitFor(async () => Number(await store.head()) >= from + PACE_EVENTS, {
          ...LONG,
          message: `${PACE_EVENTS} more events recorded (from ${from})`,
        });
        recoveries.push(await drill({ fx, store, client: must(follower, 'the follower') }));
      }
      figures.load_s = Math.round((Date.now() - loadStarted) / 1000);
      expect(recoveries.map((r) => r.target)).toHaveLength(DRILLS.length);
    });

    it('drains once the load stops: projector and publisher lag back to zero', async () => {
      await fx.cluster.stop('ingest');
      const stopped = Date.now();
      const head = Number(await store.head());
      for (const [role, lag] of [
        ['projector', 'okapi_projection_lag_events'],
        ['publisher', 'okapi_publisher_lag_events'],
      ])
        await waitFor(async () => (await metric(fx.url(role), lag)) === 0, { ...LONG, message: `${role} lag 0` });
      figures.drain_ms = Date.now() - stopped;
      figures.events = head;
      expect(await metric(fx.url('projector'), 'okapi_projection_checkpoint_offset')).toBe(head);
      expect(await metric(fx.url('publisher'), 'okapi_publisher_offset')).toBe(head);
      // The publisher's derivations, read back from the cluster's store (misses derived on workers).
      const derivations = new ArticleDerivations({
        store: new SqliteDerivationStore(`${fx.cluster.plan.dataDir}/derivations.sqlite3`),
        pool: sharedDerivationPool,
      });
      summary = await summarizeStore(store, undefined, derivations);
      await derivations.close();
      expect(summary.head).toBe(head);
      expect(summary.messages.length).toBeGreaterThan(1000);
    });

    it('holds in ClickHouse exactly the revisions the event store recorded', async () => {
      const url = fx.cluster.plan.roles[0].env.OKAPI_CLICKHOUSE_URL;
      const db = new URL(url).pathname.slice(1);
      const res = await fetch(`${new URL(url).origin}/?database=${db}`, {
        method: 'POST',
        body: "SELECT concat(wiki, ':', toString(revision_id)) AS r FROM revisions FINAL FORMAT TabSeparated",
      });
      expect(res.status).toBe(200);
      const rows = (await res.text()).split('\n').filter(Boolean);
      expect(rows.length).toBe(summary.revisions.length);
      expect(new Set(rows)).toEqual(new Set(summary.revisions));
    });

    it('gives the client that followed through both replicas every message once, in order', async () => {
      const expected = summary.messages;
      const client = must(follower, 'the follower');
      await waitFor(() => client.lastId === expected[expected.length - 1].id, {
        ...LONG,
        message: `the follower to reach ${expected[expected.length - 1].id} (at ${client.lastId})`,
      });
      expect(client.ids).toEqual(expected.map((m) => m.id));
      expect(client.hashes).toEqual(expected.map((m) => m.sha1));
      expect(client.connections).toBeGreaterThan(1); // it did move to the other replica
      figures.follower_connections = client.connections;
      figures.follower_error_events = client.errors.length;
    });

    it('serves identical streams from any offset on both replicas', async () => {
      const expected = summary.messages;
      const middle = expected[Math.floor(expected.length / 2)];
      for (const offset of [0, middle.offset]) {
        const want = expected.filter((m) => m.offset > offset);
        const reads = await Promise.all(
          ['api-1', 'api-2'].map((api) => readUntil(fx.url(api), fx.token, offset, want[want.length - 1].id)),
        );
        for (const r of reads) expect(r.ids).toEqual(want.map((m) => m.id));
        expect(reads[1].hashes).toEqual(reads[0].hashes);
        expect(reads[0].hashes).toEqual(want.map((m) => m.sha1));
      }
    });

    it('delivers every matching message to the NestJS JetStream consumer (deduped by offset)', async () => {
      const want = [...new Set(matching(summary.messages, SUSPECT_FILTER).map((m) => m.offset))];
      expect(want.length).toBeGreaterThan(10);
      const log = must(consumer, 'the consumer').get(SuspectEditsLog);
      await waitFor(() => new Set(log.seen.map((s) => s.offset)).size >= want.length, {
        ...LONG,
        message: `${want.length} suspect edits at the consumer (has ${log.seen.length})`,
      });
      expect([...new Set(log.seen.map((s) => s.offset))].sort((a, b) => a - b)).toEqual(want);
      figures.consumer_messages = want.length;
      figures.consumer_deliveries = log.seen.length;
    });

    it('answers on-demand lookups the same on both replicas', async () => {
      let found = 0;
      const latest = new Map(summary.messages.map((m) => [`${m.wiki}:${m.name}`, m]));
      const names = [...new Set([...latest.values()].filter((m) => m.wiki === 'enwiki').map((m) => m.name))].slice(
        0,
        12,
      );
      for (const name of names) {
        const [a, b] = await Promise.all(
          ['api-1', 'api-2'].map(async (api) => {
            const res = await fetch(`${fx.url(api)}/v2/articles/${encodeURIComponent(name)}`, {
              headers: { authorization: `Bearer ${fx.token}` },
            });
            return { status: res.status, body: await res.text() };
          }),
        );
        expect(b).toEqual(a);
        expect([200, 404]).toContain(a.status);
        if (a.status === 200) found++;
      }
      expect(found).toBeGreaterThan(names.length / 2);
    });
  },
);

/** Reads one replica's stream after `offset` until the message with `lastId`, then closes it. */
async function readUntil(url: string, token: string, offset: number, lastId: string): Promise<ResumingStreamClient> {
  const client = new ResumingStreamClient([url], token, offset).start();
  try {
    await waitFor(() => client.lastId === lastId, { ...LONG, message: `${url} from ${offset} to reach ${lastId}` });
    return client;
  } finally {
    client.close();
  }
}
