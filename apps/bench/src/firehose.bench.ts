import { must } from '@okapi/domain';
import { performance } from 'node:perf_hooks';
import { makeTempDir } from '@okapi/testing';
import { flagInt, flagString, UsageError } from '@okapi/cli';
import { Bench, Figures, round } from './bench';
import { BenchProcess, startPrivateNats } from './firehose/bench-processes';
import { ClientFleet, LoadResult } from './firehose/firehose-load';
import {
  natsReplicaPhase,
  natsSubscribersPhase,
  okapiPhase,
  Phase,
  PublishedMessage,
  rawPhase,
  WIKIS,
} from './firehose/firehose-phases';
import { formatSpread, Paired, pairedRounds, roundRatios, Spread, spread } from './paired-rounds';
import { sleep } from '@okapi/adapters/resilience';

const WARM_UP_MS = 2000;
const GOAL_RATIO_P99 = 1.25;

interface Measured extends LoadResult {
  /** The serving process (all threads), in cores. */
  readonly cpuCores: number;
  /** Serving process CPU per delivery received by the fleet, µs. */
  readonly cpuUsPerDelivery: number;
  /** Busy time of the server's event loop per delivery, µs (in-process servers only). */
  readonly loopUsPerDelivery?: number;
}

/** Publishes `rate` Articles/s to every client from a 5 ms timer (a burst per tick, like a real bus). */
function startPublisher(phase: Phase, rate: number): () => void {
  const perSecond = rate * WIKIS.length; // each client follows one wiki
  let seq = 0;
  const t0 = Date.now();
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - t0) / 1000) * perSecond);
    const batch: PublishedMessage[] = [];
    while (seq < due) {
      const [wiki, lang] = WIKIS[seq % WIKIS.length];
      batch.push({ wiki, lang, seq: ++seq });
    }
    if (batch.length) phase.publish(batch);
  }, 5);
  return () => clearInterval(timer);
}

/** The sides measured against raw, each in pairs with raw runs of its own. */
type PairedKey = Exclude<Side['key'], 'raw'>;

/** One way of serving the same publishes to the same number of clients. */
interface Side {
  readonly key: 'raw' | 'okapi' | 'nats' | 'subscribers';
  readonly label: string;
  readonly open: () => Promise<Phase>;
  readonly fleet: (phase: Phase) => ClientFleet;
}

/** Connects the fleet, publishes for warm-up + `seconds`, measures the second part. */
async function run(side: Side, rate: number, seconds: number): Promise<Measured> {
  const phase = await side.open();
  const fleet = side.fleet(phase);
  try {
    await fleet.ready();
    const stop = startPublisher(phase, rate);
    await sleep(WARM_UP_MS);
    fleet.start();
    const cpu0 = phase.serverCpuSeconds();
    const elu0 = performance.eventLoopUtilization();
    const wall0 = performance.now();
    await sleep(seconds * 1000);
    const cpuS = phase.serverCpuSeconds() - cpu0;
    const elu = performance.eventLoopUtilization(elu0);
    const wall = performance.now() - wall0;
    const result = await fleet.stop();
    stop();
    const n = Math.max(1, result.received);
    return {
      ...result,
      cpuCores: (cpuS * 1000) / wall,
      cpuUsPerDelivery: (cpuS * 1e6) / n,
      ...(phase.inProcess && { loopUsPerDelivery: (elu.active * 1000) / n }),
    };
  } finally {
    fleet.kill();
    await phase.close();
  }
}

const line = (m: Measured): string =>
  `p50 ${round(m.p50)} ms, p99 ${round(m.p99)} ms, server ${round(m.cpuCores)} cores = ${m.cpuUsPerDelivery.toFixed(1)} µs/delivery` +
  `${m.loopUsPerDelivery === undefined ? '' : ` (loop busy ${m.loopUsPerDelivery.toFixed(1)})`}, clients ${round(m.clientCpuCores)} cores, ${m.received} deliveries`;

/**
 * `okapi bench firehose [--clients 1000] [--rate 20] [--seconds 6] [--rounds 4] [--subscribers 100]
 * [--quick] [--only raw|okapi|nats|subscribers]`: SSE clients with mixed filters, each receiving
 * `rate` Articles/s (~1 KB), served four ways in every round, in an order that rotates per round:
 * - raw: a bare Node HTTP write loop sending the same bytes (the baseline);
 * - okapi: the real gateway in this process over the in-process bus (embedded mode);
 * - nats: published through the JetStream adapter as the publisher role does, served by an API
 *   replica (`okapi api`) in its own process (distributed mode), on a NATS server of the bench's own;
 * - subscribers: the same publishes read straight from JetStream by `--subscribers` NATS
 *   connections with an ordered consumer each (internal consumers' fan-out, no gateway).
 * Each side runs in pairs with a raw run of its own, next to it in time, the order flipping every
 * round (paired-rounds.ts); ratios are taken within a pair, figures are medians over the pairs
 * with their spread. Goals: p99 of okapi and of nats <= 1.25x raw's.
 */
export const bench: Bench = {
  name: 'firehose',
  summary:
    'realtime SSE fan-out, embedded and through NATS JetStream + an API replica, and NATS subscriber fan-out: publish-to-receive latency and server CPU vs a raw Node HTTP write loop',
  async run(args, _ctx, log) {
    const quick = Boolean(args.flags.quick);
    const clients = flagInt(args, 'clients', 1) ?? (quick ? 200 : 1000);
    const rate = flagInt(args, 'rate', 1) ?? 20;
    const seconds = flagInt(args, 'seconds', 1) ?? (quick ? 3 : 6);
    const rounds = flagInt(args, 'rounds', 1) ?? (quick ? 1 : 4);
    const subscribers = flagInt(args, 'subscribers', 1) ?? (quick ? 20 : 100);
    const only = flagString(args, 'only');
    const keys = ['raw', 'okapi', 'nats', 'subscribers'];
    if (only !== undefined && !keys.includes(only)) throw new UsageError(`--only must be one of ${keys.join(', ')}`);
    log(
      `${clients} SSE clients and ${subscribers} NATS subscribers x ${rate} Articles/s (~1 KB), ${seconds} s measured per run, ${rounds} round(s): each side paired with a raw run of its own, order flipping every round`,
    );
    const dir = makeTempDir('okapi-bench-nats-');
    let nats: BenchProcess | undefined;
    try {
      nats = await startPrivateNats(dir.path);
      const sides = benchSides(nats, clients, subscribers).filter((s) => !only || s.key === only);
      // Loads Nest and the runtime once, unmeasured, so the first okapi run does not pay for it.
      await (await okapiPhase()).close();
      if (only) {
        const side = sides[0];
        for (let r = 0; r < rounds; r++) log(`round ${r + 1} ${side.label}: ${line(await run(side, rate, seconds))}`);
        return { only };
      }
      // Every side is paired with a raw run of its own, next to it in time (order flipping every
      // round): a burst of a neighbour's load lands on both runs of a pair alike.
      const raw = must(
        sides.find((s) => s.key === 'raw'),
        'the raw side',
      );
      const results = new Map<PairedKey, Paired<Measured>>();
      for (const side of sides.filter((s) => s !== raw)) {
        const pairs = await pairedRounds(
          rounds,
          () => run(side, rate, seconds),
          () => run(raw, rate, seconds),
          (which, r, m) => log(`${side.key} round ${r + 1} ${(which === 'baseline' ? raw : side).label}: ${line(m)}`),
        );
        results.set(side.key as PairedKey, pairs);
      }
      return figures(results, { clients, subscribers, rate, seconds, rounds }, log);
    } finally {
      await nats?.stop();
      dir.remove();
    }
  },
};

function benchSides(nats: BenchProcess, clients: number, subscribers: number): Side[] {
  const wikis = WIKIS.map(([w]) => w);
  const sse = (phase: Phase): ClientFleet => ClientFleet.sse(phase.base, phase.paths, clients);
  return [
    { key: 'raw', label: 'raw Node write loop     ', open: rawPhase, fleet: sse },
    { key: 'okapi', label: 'okapi, in-process bus   ', open: okapiPhase, fleet: sse },
    { key: 'nats', label: 'okapi, JetStream+replica', open: () => natsReplicaPhase(nats.url), fleet: sse },
    {
      key: 'subscribers',
      label: 'NATS subscribers        ',
      open: () => natsSubscribersPhase(nats),
      fleet: (phase) => ClientFleet.nats(phase.base, phase.paths[0], wikis, subscribers),
    },
  ];
}

interface Setup {
  readonly clients: number;
  readonly subscribers: number;
  readonly rate: number;
  readonly seconds: number;
  readonly rounds: number;
}

function figures(results: Map<PairedKey, Paired<Measured>>, s: Setup, log: (line: string) => void): Figures {
  const raw = [...results.values()].flatMap((p) => p.baseline);
  const med = (xs: Measured[], f: (m: Measured) => number): number => round(spread(xs.map(f)).median);
  const ratios = (key: PairedKey, f: (m: Measured) => number): Spread =>
    spread(roundRatios(must(results.get(key), 'results.get(key)'), f));
  const side = (key: PairedKey, prefix: string): Figures => {
    const xs = must(results.get(key), 'results.get(key)').system;
    const p99 = ratios(key, (m) => m.p99);
    log(
      `${key}: p99 ratio to raw ${formatSpread(p99)}: median (min–max) over ${s.rounds} pair(s) of runs, each with its own raw run`,
    );
    return {
      [`${prefix}p50_ms`]: med(xs, (m) => m.p50),
      [`${prefix}p99_ms`]: med(xs, (m) => m.p99),
      [`${prefix}server_cpu_cores`]: med(xs, (m) => m.cpuCores),
      [`${prefix}cpu_us_per_delivery`]: med(xs, (m) => m.cpuUsPerDelivery),
      [`${prefix}deliveries_per_s`]: round(spread(xs.map((m) => m.received)).median / s.seconds),
      [`${prefix}ratio_p99`]: round(p99.median),
      [`${prefix}ratio_p99_min`]: round(p99.min),
      [`${prefix}ratio_p99_max`]: round(p99.max),
      [`${prefix}ratio_p50`]: round(ratios(key, (m) => m.p50).median),
    };
  };
  const okapi = side('okapi', '');
  const nats = side('nats', 'nats_');
  return {
    clients: s.clients,
    subscribers: s.subscribers,
    rate_per_client: s.rate,
    seconds: s.seconds,
    rounds: s.rounds,
    ...okapi,
    loop_us_per_delivery: med(
      must(results.get('okapi'), 'results.get(okapi)').system,
      (m) => m.loopUsPerDelivery ?? NaN,
    ),
    client_cpu_cores: med(must(results.get('okapi'), 'results.get(okapi)').system, (m) => m.clientCpuCores),
    ratio_cpu_per_delivery: round(ratios('okapi', (m) => m.cpuUsPerDelivery).median),
    ...nats,
    nats_ratio_cpu_per_delivery: round(ratios('nats', (m) => m.cpuUsPerDelivery).median),
    ...side('subscribers', 'subscribers_'),
    baseline_runs: raw.length,
    baseline_p50_ms: med(raw, (m) => m.p50),
    baseline_p99_ms: med(raw, (m) => m.p99),
    baseline_server_cpu_cores: med(raw, (m) => m.cpuCores),
    baseline_cpu_us_per_delivery: med(raw, (m) => m.cpuUsPerDelivery),
    baseline_deliveries_per_s: round(spread(raw.map((m) => m.received)).median / s.seconds),
    goal_ratio_p99: GOAL_RATIO_P99,
    goal_met: Number(okapi.ratio_p99) <= GOAL_RATIO_P99,
    goal_nats_met: Number(nats.nats_ratio_p99) <= GOAL_RATIO_P99,
  };
}
