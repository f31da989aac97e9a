import { createServer, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AddressInfo } from 'node:net';
import { OutgoingArticle } from '@okapi/adapters/bus/article-bus.port';
import { InProcessArticleBus } from '@okapi/adapters/bus/in-process-article-bus';
import { loadConfig } from '@okapi/adapters/config/env.config';
import { openRuntime } from '@okapi/adapters/runtime/open-runtime';
import { makeTempDir } from '@okapi/test-support';
import { createApiApp } from '../../../api/src/create-api-app';
import { flagInt } from '../cli-args';
import { Bench, Figures, round } from './bench';
import { benchArticle, LoadResult, SseClientFleet } from './firehose/firehose-load';

const WIKIS = [['enwiki', 'en'], ['dewiki', 'de'], ['frwiki', 'fr'], ['ruwiki', 'ru']] as const;
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Phase {
  readonly base: string;
  readonly paths: string[];
  publish(batch: { wiki: string; lang: string; seq: number }[]): void;
  close(): Promise<void>;
}

/** Mixed filters: by subject (wiki), by subject + predicate (language), by subject + flag. */
function okapiPaths(): string[] {
  return WIKIS.flatMap(([wiki, lang]) => {
    const w = { field: 'is_part_of.identifier', value: wiki };
    const l = { field: 'in_language.identifier', value: lang };
    return [`/v2/articles?filters=${encodeURIComponent(JSON.stringify([w]))}`, `/v2/articles?filters=${encodeURIComponent(JSON.stringify([w, l]))}`, `/v2/articles?vandalism=exclude&filters=${encodeURIComponent(JSON.stringify([w]))}`];
  });
}

async function okapiPhase(): Promise<Phase> {
  const dir = makeTempDir('okapi-bench-firehose-');
  const config = loadConfig({ OKAPI_DATA_DIR: dir.path, OKAPI_AUTH: 'disabled', OKAPI_LOG_LEVEL: 'error' });
  const opened = await openRuntime(config);
  const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 64 << 20, maxAgeMs: 3_600_000 });
  const app = await createApiApp({ ...opened, bus }, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    paths: okapiPaths(),
    publish: (batch) => {
      const msgs: OutgoingArticle[] = batch.map((m) => ({ offset: m.seq, index: 0, subject: `okapi.article.${m.wiki}.0.update.ok`, data: benchArticle(now(), m.seq, m.wiki, m.lang) }));
      void bus.publish(msgs);
    },
    close: async () => {
      await app.close();
      await opened.close();
      dir.remove();
    },
  };
}

/** Baseline: a bare Node HTTP server writing the same SSE bytes to the same clients, coalesced per tick. */
async function rawPhase(): Promise<Phase> {
  const clients = new Map<string, Set<ServerResponse>>(WIKIS.map(([w]) => [w, new Set()]));
  const server: Server = createServer((req, res) => {
    const wiki = new URL(req.url ?? '/', 'http://x').searchParams.get('wiki') ?? 'enwiki';
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':ok\n\n');
    clients.get(wiki)!.add(res);
    res.on('close', () => clients.get(wiki)!.delete(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    paths: WIKIS.flatMap(([w]) => [`/raw?wiki=${w}`, `/raw?wiki=${w}`, `/raw?wiki=${w}`]),
    publish: (batch) => {
      const byWiki = new Map<string, string>();
      for (const m of batch) byWiki.set(m.wiki, (byWiki.get(m.wiki) ?? '') + `event: message\nid: ${m.seq}\ndata: ${benchArticle(now(), m.seq, m.wiki, m.lang)}\n\n`);
      for (const [wiki, chunk] of byWiki) for (const res of clients.get(wiki)!) res.write(chunk);
    },
    close: async () => {
      for (const set of clients.values()) for (const res of set) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

interface Measured extends LoadResult {
  readonly cpuCores: number;
}

function mean(ms: readonly Measured[]): Measured {
  const avg = (f: (m: Measured) => number): number => ms.reduce((a, m) => a + f(m), 0) / ms.length;
  return { n: avg((m) => m.n), received: avg((m) => m.received), p50: avg((m) => m.p50), p99: avg((m) => m.p99), max: Math.max(...ms.map((m) => m.max)), cpuCores: avg((m) => m.cpuCores) };
}

/** Connects the fleet, publishes `rate` per client per second for warm-up + `seconds`, measures. */
async function run(phase: Phase, clients: number, rate: number, seconds: number): Promise<Measured> {
  const fleet = new SseClientFleet(phase.base, phase.paths, clients);
  try {
    await fleet.ready();
    const perSecond = rate * WIKIS.length; // each client follows one wiki
    let seq = 0;
    const t0 = Date.now();
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - t0) / 1000) * perSecond);
      const batch = [];
      while (seq < due) {
        const [wiki, lang] = WIKIS[seq % WIKIS.length];
        batch.push({ wiki, lang, seq: ++seq });
      }
      if (batch.length) phase.publish(batch);
    }, 5);
    await sleep(2000);
    fleet.start();
    const cpu0 = process.cpuUsage();
    const wall0 = Date.now();
    await sleep(seconds * 1000);
    const cpu = process.cpuUsage(cpu0);
    const wall = Date.now() - wall0;
    const result = await fleet.stop();
    clearInterval(timer);
    return { ...result, cpuCores: (cpu.user + cpu.system) / 1000 / wall };
  } finally {
    fleet.kill();
    await phase.close();
  }
}

/**
 * `okapi bench firehose [--clients 1000] [--rate 20] [--seconds 15] [--quick]`: SSE clients with
 * mixed filters, each receiving `rate` Articles/s, through the real gateway (in-process bus),
 * next to a bare Node HTTP write loop sending the same bytes to the same clients.
 */
export const bench: Bench = {
  name: 'firehose',
  summary: 'realtime SSE fan-out: publish-to-receive latency and server CPU vs a raw Node HTTP write loop',
  async run(args, _ctx, log) {
    const clients = flagInt(args, 'clients', 1) ?? (args.flags.quick ? 200 : 1000);
    const rate = flagInt(args, 'rate', 1) ?? 20;
    const seconds = flagInt(args, 'seconds', 1) ?? (args.flags.quick ? 4 : 10);
    log(`${clients} clients x ${rate} Articles/s (~1 KB), ${seconds} s measured per phase, phases in ABBA order`);
    // ABBA order, averaged: the box is shared and noisy, so neither side always runs second.
    const rounds: { raw: Measured[]; okapi: Measured[] } = { raw: [], okapi: [] };
    for (const side of ['raw', 'okapi', 'okapi', 'raw'] as const) {
      const m = await run(side === 'raw' ? await rawPhase() : await okapiPhase(), clients, rate, seconds);
      rounds[side].push(m);
      log(`${side === 'raw' ? 'baseline raw Node write loop' : 'okapi gateway               '}: p50 ${round(m.p50)} ms, p99 ${round(m.p99)} ms, server ${round(m.cpuCores)} cores, ${m.n} deliveries`);
    }
    const raw = mean(rounds.raw);
    const okapi = mean(rounds.okapi);
    const figures: Figures = {
      clients,
      rate_per_client: rate,
      deliveries_per_s: round(okapi.n / seconds),
      rounds_per_side: 2,
      p50_ms: round(okapi.p50),
      p99_ms: round(okapi.p99),
      server_cpu_cores: round(okapi.cpuCores),
      baseline_deliveries_per_s: round(raw.n / seconds),
      baseline_p50_ms: round(raw.p50),
      baseline_p99_ms: round(raw.p99),
      baseline_server_cpu_cores: round(raw.cpuCores),
      ratio_p99: round(okapi.p99 / raw.p99),
      ratio_cpu: round(okapi.cpuCores / raw.cpuCores),
      goal_ratio_p99: 1.25,
    };
    return figures;
  },
};
