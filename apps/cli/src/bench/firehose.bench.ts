import { performance } from 'node:perf_hooks';
import { flagInt, flagString, UsageError } from '../cli-args';
import { Bench, Figures, round } from './bench';
import { LoadResult, SseClientFleet } from './firehose/firehose-load';
import { okapiPhase, Phase, PublishedMessage, rawPhase, WIKIS } from './firehose/firehose-phases';
import { formatSpread, pairedRounds, roundRatios, spread } from './paired-rounds';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const WARM_UP_MS = 2000;

interface Measured extends LoadResult {
  /** Whole server process (all threads), in cores. */
  readonly cpuCores: number;
  /** Server process CPU per delivery received by the fleet, µs. */
  readonly cpuUsPerDelivery: number;
  /** Of which in the kernel (socket writes), µs per delivery. */
  readonly sysUsPerDelivery: number;
  /** Busy time of the server's event loop per delivery, µs (main thread, including time waiting for a core). */
  readonly loopUsPerDelivery: number;
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

/** Connects the fleet, publishes for warm-up + `seconds`, measures the second part. */
async function run(open: () => Promise<Phase>, clients: number, rate: number, seconds: number): Promise<Measured> {
  const phase = await open();
  const fleet = new SseClientFleet(phase.base, phase.paths, clients);
  try {
    await fleet.ready();
    const stop = startPublisher(phase, rate);
    await sleep(WARM_UP_MS);
    fleet.start();
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const wall0 = performance.now();
    await sleep(seconds * 1000);
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    const wall = performance.now() - wall0;
    const result = await fleet.stop();
    stop();
    const cpuUs = cpu.user + cpu.system;
    const n = Math.max(1, result.received);
    return {
      ...result,
      cpuCores: cpuUs / 1000 / wall,
      cpuUsPerDelivery: cpuUs / n,
      sysUsPerDelivery: cpu.system / n,
      loopUsPerDelivery: (elu.active * 1000) / n,
    };
  } finally {
    fleet.kill();
    await phase.close();
  }
}

const line = (m: Measured): string =>
  `p50 ${round(m.p50)} ms, p99 ${round(m.p99)} ms, server ${round(m.cpuCores)} cores = ${m.cpuUsPerDelivery.toFixed(1)} µs/delivery (kernel ${m.sysUsPerDelivery.toFixed(1)}, loop busy ${m.loopUsPerDelivery.toFixed(1)}), clients ${round(m.clientCpuCores)} cores, ${m.received} deliveries`;

/**
 * `okapi bench firehose [--clients 1000] [--rate 20] [--seconds 8] [--rounds 3] [--quick]
 * [--only okapi|raw]`: SSE clients with mixed filters, each receiving `rate` Articles/s, through
 * the real gateway (in-process bus), next to a bare Node HTTP write loop sending the same bytes
 * to the same client fleet. Rounds alternate which side runs first; figures are medians of the
 * per-round values, with their spread. `--only` runs one side (for profiling).
 */
export const bench: Bench = {
  name: 'firehose',
  summary: 'realtime SSE fan-out: publish-to-receive latency and server CPU vs a raw Node HTTP write loop',
  async run(args, _ctx, log) {
    const quick = Boolean(args.flags.quick);
    const clients = flagInt(args, 'clients', 1) ?? (quick ? 200 : 1000);
    const rate = flagInt(args, 'rate', 1) ?? 20;
    const seconds = flagInt(args, 'seconds', 1) ?? (quick ? 3 : 8);
    const rounds = flagInt(args, 'rounds', 1) ?? (quick ? 1 : 3);
    const only = flagString(args, 'only');
    if (only !== undefined && only !== 'okapi' && only !== 'raw') throw new UsageError('--only must be okapi or raw');
    log(
      `${clients} clients x ${rate} Articles/s (~1 KB), ${seconds} s measured per run, ${rounds} round(s), order flipping every round`,
    );
    // Loads Nest and the runtime once, unmeasured, so the first okapi run does not pay for it.
    await (await okapiPhase()).close();
    const onlyRuns = only === 'okapi' ? okapiPhase : rawPhase;
    if (only) {
      for (let i = 0; i < rounds; i++) log(`${only}: ${line(await run(onlyRuns, clients, rate, seconds))}`);
      return { only };
    }
    const p = await pairedRounds(
      rounds,
      () => run(okapiPhase, clients, rate, seconds),
      () => run(rawPhase, clients, rate, seconds),
      (side, i, m) =>
        log(`round ${i + 1} ${side === 'baseline' ? 'raw Node write loop' : 'okapi gateway      '}: ${line(m)}`),
    );
    const med = (xs: Measured[], f: (m: Measured) => number): number => round(spread(xs.map(f)).median);
    const p99Ratio = spread(roundRatios(p, (m) => m.p99));
    const cpuRatio = spread(roundRatios(p, (m) => m.cpuUsPerDelivery));
    log(
      `p99 ratio ${formatSpread(p99Ratio)} (goal <= 1.25), CPU/delivery ratio ${formatSpread(cpuRatio)}: median (min–max) over ${rounds} round(s)`,
    );
    const figures: Figures = {
      clients,
      rate_per_client: rate,
      seconds,
      rounds,
      deliveries_per_s: round(spread(p.system.map((m) => m.received)).median / seconds),
      p50_ms: med(p.system, (m) => m.p50),
      p99_ms: med(p.system, (m) => m.p99),
      server_cpu_cores: med(p.system, (m) => m.cpuCores),
      cpu_us_per_delivery: med(p.system, (m) => m.cpuUsPerDelivery),
      loop_us_per_delivery: med(p.system, (m) => m.loopUsPerDelivery),
      client_cpu_cores: med(p.system, (m) => m.clientCpuCores),
      baseline_p50_ms: med(p.baseline, (m) => m.p50),
      baseline_p99_ms: med(p.baseline, (m) => m.p99),
      baseline_server_cpu_cores: med(p.baseline, (m) => m.cpuCores),
      baseline_cpu_us_per_delivery: med(p.baseline, (m) => m.cpuUsPerDelivery),
      baseline_loop_us_per_delivery: med(p.baseline, (m) => m.loopUsPerDelivery),
      baseline_client_cpu_cores: med(p.baseline, (m) => m.clientCpuCores),
      ratio_p99: round(p99Ratio.median),
      ratio_p99_min: round(p99Ratio.min),
      ratio_p99_max: round(p99Ratio.max),
      ratio_p50: round(spread(roundRatios(p, (m) => m.p50)).median),
      ratio_cpu_per_delivery: round(cpuRatio.median),
      ratio_cpu_per_delivery_min: round(cpuRatio.min),
      ratio_cpu_per_delivery_max: round(cpuRatio.max),
      goal_ratio_p99: 1.25,
      goal_met: p99Ratio.median <= 1.25,
    };
    return figures;
  },
};
