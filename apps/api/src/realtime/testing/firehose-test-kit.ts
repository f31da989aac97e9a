import { INestApplication } from '@nestjs/common';
import { EventStore, PageEvent, pageStream } from '@okapi/domain';
import { ArticleBus } from '@okapi/projections';
import { InProcessArticleBus } from '@okapi/adapters/bus';
import { loadConfig } from '@okapi/adapters/config';
import { openRuntime } from '@okapi/adapters/runtime';
import { Runtime } from '@okapi/adapters/runtime';
import { WorkerSupervisor } from '@okapi/adapters/runtime';
import { aRevisionCreated, makeTempDir, TempDir } from '@okapi/testing';
import { ArticlePublisher } from '../../../../projector/src/publisher/article-publisher';
import { createApiApp } from '../../create-api-app';

const WIKIS = ['enwiki', 'dewiki', 'frwiki'];

/**
 * The i-th event of a deterministic mix covering every subject token: three wikis, namespaces
 * 0 and 1, create/update/delete/move (a move yields two Articles), about one suspect in five.
 */
export function mixedEvent(i: number): PageEvent {
  const wiki = WIKIS[i % 3];
  const pageId = 1 + (i % 17);
  const namespace = i % 4 === 3 ? 1 : 0;
  const title = `${namespace === 1 ? 'Talk:' : ''}Page ${pageId}`;
  const timestamp = new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString();
  const base = { wiki, pageId, timestamp, source: 'test' as const, receivedAt: timestamp };
  if (i % 13 === 12)
    return {
      type: 'PageMoved',
      data: {
        ...base,
        fromNamespace: namespace,
        fromTitle: title,
        toNamespace: namespace,
        toTitle: `${title} (moved ${i})`,
      },
    };
  if (i % 11 === 10) return { type: 'PageDeleted', data: { ...base, namespace, title } };
  const suspect = i % 5 === 1;
  return aRevisionCreated({
    ...base,
    namespace,
    title,
    revisionId: 10_000 + i,
    parentId: i % 6 === 0 ? undefined : 9_999 + i,
    score: { model: 'test', probability: suspect ? 0.9 : 0.1, prediction: suspect, reasons: [] },
    flag: suspect ? 'suspect' : 'ok',
  });
}

/** Appends events i in [from, from+n) of the mix, `batch` per transaction. */
export async function appendMix(store: EventStore, from: number, n: number, batch = 50): Promise<void> {
  for (let i = from; i < from + n; i += batch) {
    const requests = [];
    for (let j = i; j < Math.min(from + n, i + batch); j++) {
      const e = mixedEvent(j);
      requests.push({ stream: pageStream(e.data.wiki, e.data.pageId), expectedRevision: 'any' as const, events: [e] });
    }
    await store.append(requests);
  }
}

export interface Gateway {
  readonly url: string;
  readonly runtime: Runtime;
  readonly bus: ArticleBus;
  publisher: WorkerSupervisor;
  startPublisher(): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Default: a fresh in-process bus. */
  readonly bus?: ArticleBus;
  readonly env?: Record<string, string>;
  /** Events appended before the publisher starts. */
  readonly seed?: number;
  /** The publisher's start on an empty bus (default `beginning`; `head` is embedded mode's). */
  readonly whenEmpty?: 'beginning' | 'head';
}

/** A real API (SQLite event store in a temp dir) with the realtime module and a publisher. */
export async function openGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const dir: TempDir = makeTempDir('okapi-firehose-');
  const config = loadConfig({
    OKAPI_DATA_DIR: dir.path,
    OKAPI_AUTH: 'disabled',
    OKAPI_HEARTBEAT_MS: '200',
    ...options.env,
  });
  const opened = await openRuntime(config);
  const bus =
    options.bus ?? new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 64 << 20, maxAgeMs: 3_600_000 });
  const runtime: Runtime = { ...opened, bus };
  if (options.seed) await appendMix(runtime.eventStore, 0, options.seed);
  const app: INestApplication = await createApiApp(runtime, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const g: Gateway = {
    url: `http://127.0.0.1:${address.port}`,
    runtime,
    bus,
    publisher: new WorkerSupervisor(
      [new ArticlePublisher(runtime.eventStore, bus, { whenEmpty: options.whenEmpty ?? 'beginning' })],
      { backoff: { initialMs: 100, maxMs: 400 } },
    ),
    startPublisher: () => g.publisher.start(),
    close: async () => {
      await g.publisher.stop();
      await app.close();
      await opened.close();
      dir.remove();
    },
  };
  return g;
}

/** Resume ids of a message list, for exact sequence comparisons. */
export const ids = (msgs: readonly { id?: string; data: Record<string, unknown> }[]): string[] =>
  msgs.map((m) => m.id ?? String((m.data.event as { offset: number }).offset));

/** `n` updates of one page carrying `bytes` of wikitext each: enough to fill socket buffers. */
export async function appendLarge(store: EventStore, n: number, bytes: number): Promise<void> {
  const text = 'Okapi '.repeat(Math.ceil(bytes / 6)).slice(0, bytes);
  for (let i = 0; i < n; i += 20) {
    const events = Array.from({ length: Math.min(20, n - i) }, (_, j) =>
      aRevisionCreated({ pageId: 99, revisionId: 50_000 + i + j, parentId: 49_999 + i + j, text, size: bytes }),
    );
    await store.append([{ stream: pageStream('enwiki', 99), expectedRevision: 'any', events }]);
  }
}
