import { must } from '@okapi/domain';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { OutgoingArticle } from '@okapi/projections';
import { InProcessArticleBus } from '@okapi/adapters/bus';
import { NatsArticleBus } from '@okapi/adapters/bus';
import { openArticleBus } from '@okapi/adapters/bus';
import { loadConfig } from '@okapi/adapters/config';
import { openRuntime } from '@okapi/adapters/runtime';
import { makeTempDir } from '@okapi/testing';
import { createApiApp } from '@okapi/api';
import { startApiReplica } from './bench-processes';
import { benchArticle } from './firehose-load';
import { toError } from '@okapi/adapters/errors';

export const WIKIS = [
  ['enwiki', 'en'],
  ['dewiki', 'de'],
  ['frwiki', 'fr'],
  ['ruwiki', 'ru'],
] as const;
const now = (): number => performance.timeOrigin + performance.now();

export interface PublishedMessage {
  readonly wiki: string;
  readonly lang: string;
  readonly seq: number;
}

/** One server under test: where clients connect, and how the bench publishes to it. */
export interface Phase {
  readonly base: string;
  readonly paths: string[];
  publish(batch: readonly PublishedMessage[]): void;
  /** CPU seconds the serving process used so far (this process when it serves in-process). */
  serverCpuSeconds(): number;
  /** True when the server runs in this process (its event loop is the bench's). */
  readonly inProcess: boolean;
  close(): Promise<void>;
}

const ownCpuSeconds = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const toOutgoing = (m: PublishedMessage): OutgoingArticle => ({
  offset: m.seq,
  index: 0,
  subject: `okapi.article.${m.wiki}.0.update.ok`,
  data: benchArticle(now(), m.seq, m.wiki, m.lang),
});

/** Mixed filters: by subject (wiki), by subject + predicate (language), by subject + flag. */
function okapiPaths(): string[] {
  const q = (filters: object[]): string => encodeURIComponent(JSON.stringify(filters));
  return WIKIS.flatMap(([wiki, lang]) => {
    const w = { field: 'is_part_of.identifier', value: wiki };
    const l = { field: 'in_language.identifier', value: lang };
    return [
      `/v2/articles?filters=${q([w])}`,
      `/v2/articles?filters=${q([w, l])}`,
      `/v2/articles?vandalism=exclude&filters=${q([w])}`,
    ];
  });
}

/** The real gateway (Nest app, hub, sessions) over the embedded runtime and an in-process bus. */
export async function okapiPhase(): Promise<Phase> {
  const dir = makeTempDir('okapi-bench-firehose-');
  const config = loadConfig({ OKAPI_DATA_DIR: dir.path, OKAPI_AUTH: 'disabled', OKAPI_LOG_LEVEL: 'error' });
  const opened = await openRuntime(config);
  const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 64 << 20, maxAgeMs: 3_600_000 });
  const app = await createApiApp({ ...opened, bus }, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    paths: okapiPaths(),
    publish: (batch) => void bus.publish(batch.map(toOutgoing)),
    serverCpuSeconds: ownCpuSeconds,
    inProcess: true,
    close: async () => {
      await app.close();
      await opened.close();
      dir.remove();
    },
  };
}

/**
 * Publishes through the JetStream adapter as the publisher role does: acked publishes, windowed,
 * one batch in flight while the next accumulates (apps/projector ArticlePublisher). Articles are
 * stamped when handed to the bus.
 */
async function natsPublisher(natsUrl: string) {
  const stream = `BENCH_FIREHOSE_${process.pid}_${Date.now()}`;
  const env = { OKAPI_NATS_URL: natsUrl, OKAPI_NATS_STREAM: stream };
  const bus = await openArticleBus(loadConfig(env));
  let pending: OutgoingArticle[] = [];
  let inflight: Promise<void> | undefined;
  const flush = (): void => {
    if (inflight || pending.length === 0) return;
    const batch = pending;
    pending = [];
    inflight = bus.publish(batch).then(
      () => {
        inflight = undefined;
        flush();
      },
      (e: unknown) => {
        inflight = undefined;
        process.stderr.write(`bench publisher: ${toError(e).message}\n`);
      },
    );
  };
  return {
    stream,
    env,
    publish: (batch: readonly PublishedMessage[]): void => {
      for (const m of batch) pending.push(toOutgoing(m));
      flush();
    },
    close: async (): Promise<void> => {
      await inflight;
      if (bus instanceof NatsArticleBus) await bus.destroy().catch(() => undefined);
      await bus.close();
    },
  };
}

/**
 * The distributed path: the bench publishes as the publisher role does (natsPublisher) and an
 * API replica (`okapi api`, its own process, auth off) follows the stream and serves the
 * clients. Latency covers JetStream storage and delivery, the replica's hub and socket writes.
 */
export async function natsReplicaPhase(natsUrl: string): Promise<Phase> {
  const dir = makeTempDir('okapi-bench-firehose-nats-');
  const publisher = await natsPublisher(natsUrl);
  const replica = await startApiReplica({
    ...publisher.env,
    OKAPI_DATA_DIR: dir.path,
    OKAPI_AUTH: 'disabled',
    OKAPI_LOG_LEVEL: 'error',
    OKAPI_SOURCES: 'none',
  }).catch(async (e: unknown) => {
    await publisher.close();
    dir.remove();
    throw e;
  });
  return {
    base: replica.url,
    paths: okapiPaths(),
    publish: publisher.publish,
    serverCpuSeconds: () => replica.cpuSeconds(),
    inProcess: false,
    close: async () => {
      await replica.stop();
      await publisher.close();
      dir.remove();
    },
  };
}

/**
 * NATS subscriber fan-out: the same publishes, read straight from JetStream by subscribers with
 * one ordered consumer each (no gateway). `base` is the NATS URL, `paths[0]` the stream; the
 * server CPU is nats-server's.
 */
export async function natsSubscribersPhase(nats: { url: string; cpuSeconds(): number }): Promise<Phase> {
  const publisher = await natsPublisher(nats.url);
  return {
    base: nats.url,
    paths: [publisher.stream],
    publish: publisher.publish,
    serverCpuSeconds: () => nats.cpuSeconds(),
    inProcess: false,
    close: publisher.close,
  };
}

/**
 * Baseline: a bare Node HTTP server writing the same SSE bytes to the same clients, one write
 * per client per publish tick (as coalesced as the gateway can be, with no filtering or resume).
 */
export async function rawPhase(): Promise<Phase> {
  const clients = new Map<string, Set<ServerResponse>>(WIKIS.map(([w]) => [w, new Set()]));
  const server: Server = createServer((req, res) => {
    const wiki = new URL(req.url ?? '/', 'http://x').searchParams.get('wiki') ?? 'enwiki';
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':ok\n\n');
    must(clients.get(wiki), 'clients.get(wiki)').add(res);
    res.on('close', () => must(clients.get(wiki), 'clients.get(wiki)').delete(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    paths: WIKIS.flatMap(([w]) => [`/raw?wiki=${w}`, `/raw?wiki=${w}`, `/raw?wiki=${w}`]),
    publish: (batch) => {
      const byWiki = new Map<string, string>();
      for (const m of batch)
        byWiki.set(
          m.wiki,
          (byWiki.get(m.wiki) ?? '') +
            `event: message\nid: ${m.seq}\ndata: ${benchArticle(now(), m.seq, m.wiki, m.lang)}\n\n`,
        );
      // Encoded once, the same Buffer to every client: the cheapest write loop Node allows.
      for (const [wiki, chunk] of byWiki) {
        const bytes = Buffer.from(chunk);
        for (const res of must(clients.get(wiki), 'clients.get(wiki)')) res.write(bytes);
      }
    },
    serverCpuSeconds: ownCpuSeconds,
    inProcess: true,
    close: async () => {
      for (const set of clients.values()) for (const res of set) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
