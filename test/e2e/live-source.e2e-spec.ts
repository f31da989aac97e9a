// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * End to end from the live source (issue #13 item 5): the recorded EventStreams page_change
 * transcript, served as SSE by a local server with revision content from a local replay of the
 * MediaWiki Action API, is followed by the real EventStreams source into the event store; the
 * publisher derives and publishes to real NATS JetStream (127.0.0.1:4222, a unique stream and
 * subject prefix); an SSE client of the API and a plain NATS subscriber receive the Articles live.
 * Both receive exactly the Articles the events announce, and each page's last one is the
 * on-demand answer once the views are projected.
 */
import { connect, NatsConnection, StringCodec } from 'nats';
import { articleEventIdentifier, must } from '@okapi/domain';
import type { NatsArticleBus } from '@okapi/adapters/bus';
import { projectionRunnerFor } from '@okapi/adapters/clickhouse';
import { ArticlePublisher } from '../../apps/projector/src/publisher/article-publisher';
import { expectedMessages } from '../../apps/api/src/realtime/testing/firehose-oracle';
import { Gateway, openGateway } from '../../apps/api/src/realtime/testing/firehose-test-kit';
import { openStream, StreamClient } from '../../apps/api/src/realtime/testing/sse-test-client';
import { ifSetUp, openTestNatsBus, TEST_NATS_URL, waitFor } from '@okapi/testing';
import { replayEventStreams } from '@okapi/adapters/sources/eventstreams/eventstreams-replay.fixture';
import { WorkerSupervisor } from '@okapi/adapters/runtime';

jest.setTimeout(120_000);

type Article = Record<string, any>;

describe('live source -> event store -> JetStream -> SSE client and NATS subscriber, = on-demand', () => {
  let bus: NatsArticleBus;
  let gateway: Gateway;
  let nc: NatsConnection;
  let sse: StreamClient;
  const fromNats: Article[] = [];

  beforeAll(async () => {
    bus = await openTestNatsBus();
    gateway = await openGateway({ bus });
    const { runtime } = gateway;
    // The publisher as `okapi publisher` runs it: the process's derivations (store + worker pool).
    gateway.publisher = new WorkerSupervisor(
      [new ArticlePublisher(runtime.eventStore, bus, { whenEmpty: 'beginning', derivations: runtime.derivations })],
      { backoff: { initialMs: 100, maxMs: 400 } },
    );
    nc = await connect({ servers: TEST_NATS_URL });
    const codec = StringCodec();
    const sub = nc.subscribe(`${bus.subjectPrefix}.>`);
    void (async () => {
      for await (const m of sub) fromNats.push(JSON.parse(codec.decode(m.data)) as Article);
    })();
    await nc.flush();
    sse = openStream(`${gateway.url}/v2/articles`); // live, from now
    expect(await sse.status).toBe(200);
    await gateway.startPublisher();
    await replayEventStreams(runtime.eventStore, runtime.config.dataDir);
  });

  afterAll(async () => {
    ifSetUp(sse)?.close();
    await ifSetUp(nc)
      ?.drain()
      .catch(() => undefined);
    await ifSetUp(gateway)?.close();
    await ifSetUp(bus)
      ?.destroy()
      .catch(() => undefined);
    await ifSetUp(bus)?.close();
  });

  it('the SSE client and the NATS subscriber receive exactly the Articles the events announce, derived', async () => {
    const expected = (await expectedMessages(gateway.runtime.eventStore, bus.subjectPrefix)).map(
      (m) => m.article as Article,
    );
    expect(expected).toHaveLength(LIVE_ARTICLES);
    await waitFor(() => sse.messages.length >= expected.length && fromNats.length >= expected.length, {
      timeoutMs: 60_000,
      message: 'every Article received by both clients',
    });
    expect(sse.messages.map((m) => m.data)).toEqual(expected);
    expect(fromNats).toEqual(expected);
    const withText = expected.filter((a) => a.article_body?.wikitext !== undefined);
    expect(withText.length).toBeGreaterThan(0);
    for (const a of withText) expect(a.article_body.html).toEqual(expect.any(String));
  });

  it("each live page's last Article is the on-demand answer", async () => {
    await projectionRunnerFor(gateway.runtime).runUntilCaughtUp();
    const received = sse.messages.map((m) => m.data as Article);
    const last = new Map<string, Article>();
    for (const a of received) last.set(`${a.is_part_of.identifier}:${a.identifier}`, a);
    let compared = 0;
    for (const a of last.values()) {
      if (a.event.type === 'delete') continue;
      const res = await fetch(`${gateway.url}/v2/articles/${encodeURIComponent(a.name)}`);
      expect(res.status).toBe(200);
      const onDemand = must(
        ((await res.json()) as Article[]).find(
          (d) => d.is_part_of.identifier === a.is_part_of.identifier && d.identifier === a.identifier,
        ),
        a.name,
      );
      expect(onDemand.event.identifier).toBe(a.event.identifier);
      expect(onDemand).toEqual(a);
      expect(onDemand.event.identifier).toBe(articleEventIdentifier(a.event.offset));
      compared++;
    }
    expect(compared).toBe(LIVE_PAGES_ON_DEMAND);
  });
});

/** What the transcript announces (replay.fixture.ts): exact. */
const LIVE_ARTICLES = 12;
const LIVE_PAGES_ON_DEMAND = 3;
