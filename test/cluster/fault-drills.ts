import { EventStore } from '@okapi/domain';
import { waitFor } from '@okapi/testing';
import { ClusterFixture, isReady, metric } from './cluster.fixture';
import { ResumingStreamClient } from './resuming-stream.client';

/** How long one fault took to heal, measured from the kill -9. */
export interface Recovery {
  readonly target: string;
  /** Kill -> the restarted process answers /readyz 200 (NATS: the node sees a meta leader). */
  readonly readyMs: number;
  /** Kill -> the role does its job again, caught up (see each drill). */
  readonly recoveredMs: number;
  readonly note: string;
}

export interface DrillContext {
  readonly fx: ClusterFixture;
  readonly store: EventStore;
  /** The client following the firehose through the API replicas (reconnecting to the next one). */
  readonly client: ResumingStreamClient;
}

const LONG = { timeoutMs: 120_000, intervalMs: 50 };
const head = async (store: EventStore): Promise<number> => Number(await store.head());

/** kill -9, then restart at once (what the kubelet does), timing readiness from the kill. */
async function crashAndRestart(fx: ClusterFixture, instance: string): Promise<{ t0: number; readyMs: number }> {
  const t0 = Date.now();
  if (!fx.cluster.kill(instance)) throw new Error(`${instance} was not running`);
  await waitFor(() => !fx.cluster.isRunning(instance), { ...LONG, message: `${instance} to die` });
  await fx.cluster.startRole(instance);
  return { t0, readyMs: Date.now() - t0 };
}

/** A worker role that follows the log: recovered once its offset metric reaches the head as of its restart. */
function followerDrill(instance: string, offsetMetric: string) {
  return async ({ fx, store }: DrillContext): Promise<Recovery> => {
    const { t0, readyMs } = await crashAndRestart(fx, instance);
    const target = await head(store);
    await waitFor(async () => ((await metric(fx.url(instance), offsetMetric)) ?? -1) >= target, {
      ...LONG,
      message: `${instance} to reach offset ${target}`,
    });
    return {
      target: instance,
      readyMs,
      recoveredMs: Date.now() - t0,
      note: `${offsetMetric} >= head at restart (${target})`,
    };
  };
}

export const DRILLS: ReadonlyArray<[string, (ctx: DrillContext) => Promise<Recovery>]> = [
  ['projector', followerDrill('projector', 'okapi_projection_checkpoint_offset')],
  ['publisher', followerDrill('publisher', 'okapi_publisher_offset')],
  [
    'ingest',
    async ({ fx, store }) => {
      const before = await head(store);
      const { t0, readyMs } = await crashAndRestart(fx, 'ingest');
      await waitFor(async () => (await head(store)) > before, { ...LONG, message: 'ingest to append again' });
      return { target: 'ingest', readyMs, recoveredMs: Date.now() - t0, note: 'new events appended after the restart' };
    },
  ],
  [
    'scheduler',
    async ({ fx }) => {
      const { t0, readyMs } = await crashAndRestart(fx, 'scheduler');
      return {
        target: 'scheduler',
        readyMs,
        recoveredMs: Date.now() - t0,
        note: '/readyz (stores answer, worker started)',
      };
    },
  ],
  [
    'api',
    async ({ fx, client }) => {
      // The client reads from api-1 when it dies: it must go on from api-2 without a gap.
      const seen = client.ids.length;
      const { t0, readyMs } = await crashAndRestart(fx, 'api-1');
      await waitFor(() => client.ids.length > seen, { ...LONG, message: 'the client to resume on the other replica' });
      await waitFor(() => isReady(fx.url('api-1')), { ...LONG, message: 'api-1 ready' });
      return {
        target: 'api-1',
        readyMs,
        recoveredMs: Date.now() - t0,
        note: 'restarted replica ready; the client resumed on the other replica meanwhile',
      };
    },
  ],
  [
    'nats (stream leader)',
    async ({ fx }) => {
      const leader = (await fx.jsm.streams.info(fx.stream)).cluster?.leader;
      if (!leader) throw new Error('the stream reports no leader');
      const t0 = Date.now();
      fx.cluster.kill(leader);
      await waitFor(() => !fx.cluster.isRunning(leader), { ...LONG, message: `${leader} to die` });
      const published = (await metric(fx.url('publisher'), 'okapi_publisher_offset')) ?? 0;
      // Writes go on with 2 of 3 nodes once a new stream leader is elected.
      await waitFor(async () => ((await metric(fx.url('publisher'), 'okapi_publisher_offset')) ?? 0) > published, {
        ...LONG,
        message: 'publishing to resume on the remaining nodes',
      });
      const failoverMs = Date.now() - t0;
      fx.cluster.startNats(fx.cluster.plan.nats.findIndex((n) => n.name === leader));
      await fx.cluster.waitNatsReady();
      const readyMs = Date.now() - t0;
      await waitFor(async () => allReplicasCurrent(fx), { ...LONG, message: 'every stream replica current again' });
      return {
        target: `nats node ${leader} (stream leader)`,
        readyMs,
        recoveredMs: Date.now() - t0,
        note: `publishing resumed after ${failoverMs} ms; recovered = all 3 replicas current`,
      };
    },
  ],
];

async function allReplicasCurrent(fx: ClusterFixture): Promise<boolean> {
  try {
    const c = (await fx.jsm.streams.info(fx.stream)).cluster;
    return (
      !!c?.leader &&
      c.replicas !== undefined &&
      c.replicas.length === fx.cluster.plan.nats.length - 1 &&
      c.replicas.every((r) => r.current && !r.offline)
    );
  } catch {
    return false;
  }
}
