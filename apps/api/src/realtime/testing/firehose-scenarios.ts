import { waitFor } from '@okapi/testing';
import { must } from '@okapi/domain';
import { appendMix, Gateway, ids } from './firehose-test-kit';
import { expectedMessages, select } from './firehose-oracle';
import { openStream, Received, StreamClient } from './sse-test-client';

const messages = (c: StreamClient): Received[] => c.messages.filter((m) => m.event === 'message');
const q = (filters: unknown): string => encodeURIComponent(JSON.stringify(filters));

async function caughtUp(g: Gateway): Promise<void> {
  const head = Number(await g.runtime.eventStore.head());
  await waitFor(async () => ((await g.bus.lastPosition())?.offset ?? 0) >= head - 1, {
    timeoutMs: 15_000,
    message: 'publisher to catch up',
  });
  await new Promise((r) => setTimeout(r, 50));
}

async function receiveAll(c: StreamClient, want: readonly string[], timeoutMs = 15_000): Promise<string[]> {
  await c
    .waitFor(
      (m) => m.filter((x) => x.event === 'message').length >= want.length || m.some((x) => x.event === 'error'),
      timeoutMs,
    )
    .catch(() => undefined);
  await new Promise((r) => setTimeout(r, 100)); // anything extra would be a duplicate
  return ids(messages(c));
}

/** Firehose behaviour every bus adapter must give through HTTP (run for embedded and NATS). */
export function firehoseScenarios(open: () => Promise<Gateway>): void {
  let g: Gateway;
  const clients: StreamClient[] = [];
  const connect = (path: string, o?: Parameters<typeof openStream>[1]): StreamClient => {
    const c = openStream(`${g.url}${path}`, o);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    g = await open();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await g.close();
  });

  it('filters by wiki, namespace, type and flag, from offset 0', async () => {
    await appendMix(g.runtime.eventStore, 0, 150);
    await g.startPublisher();
    await caughtUp(g);
    const all = await expectedMessages(g.runtime.eventStore);
    const cases: [string, Parameters<typeof select>[1], ((a: Record<string, unknown>) => boolean)?][] = [
      ['', {}],
      [`&filters=${q([{ field: 'is_part_of.identifier', value: 'dewiki' }])}`, { wiki: 'dewiki' }],
      [
        `&filters=${q([
          { field: 'namespace.identifier', value: 1 },
          { field: 'event.type', value: 'update' },
        ])}`,
        { namespace: 1, type: 'update' },
      ],
      [`&filters=${q([{ field: 'event.type', value: 'delete' }])}`, { type: 'delete' }],
      ['&vandalism=only', { flag: 'suspect' }],
      [
        `&vandalism=exclude&filters=${q([{ field: 'is_part_of.identifier', value: 'frwiki' }])}`,
        { wiki: 'frwiki', flag: 'ok' },
      ],
      [
        `&filters=${q([{ field: 'in_language.identifier', value: 'de' }])}`,
        {},
        (a) => (a.in_language as { identifier: string }).identifier === 'de',
      ],
    ];
    const streams = cases.map(([query]) => connect(`/v2/articles?offset=0${query}`));
    for (const [i, [query, pattern, pred]] of cases.entries()) {
      const want = select(all, pattern, pred);
      expect(want.length).toBeGreaterThan(0);
      expect({ query, got: await receiveAll(streams[i], want) }).toEqual({ query, got: want });
    }
    expect(select(all, { flag: 'suspect' }).length).toBeLessThan(all.length);
  });

  it('resumes after an offset, after a Last-Event-ID (also inside a move) and from a since instant', async () => {
    await appendMix(g.runtime.eventStore, 0, 60);
    await g.startPublisher();
    await caughtUp(g);
    const all = await expectedMessages(g.runtime.eventStore);
    const allIds = all.map((m) => m.id);
    const inMove = must(
      allIds.find((id) => id.includes('-')),
      'an id in a move',
    );
    const k = all[20].offset;
    const since = all[30].recordedAt;
    const byOffset = connect(`/v2/articles?offset=${k}`);
    const byHeader = connect(`/v2/articles?offset=1`, { headers: { 'last-event-id': inMove } });
    const bySince = connect(`/v2/articles?since=${since}`, { headers: { accept: 'application/x-ndjson' } });
    const afterK = all.filter((m) => m.offset > k).map((m) => m.id);
    expect(await receiveAll(byOffset, afterK)).toEqual(afterK);
    const afterMove = allIds.slice(allIds.indexOf(inMove) + 1);
    expect(await receiveAll(byHeader, afterMove)).toEqual(afterMove);
    // NDJSON has no ids: compare the offsets the Articles carry.
    const sinceIds = all.filter((m) => m.recordedAt >= since).map((m) => String(m.offset));
    expect((await receiveAll(bySince, sinceIds)).map((id) => id.split('-')[0])).toEqual(sinceIds);
  });

  it('joins catch-up and live with no gap and no duplicate under concurrent appends', async () => {
    await appendMix(g.runtime.eventStore, 0, 100);
    await g.startPublisher();
    const appending = (async () => {
      for (let i = 100; i < 400; i += 10) {
        await appendMix(g.runtime.eventStore, i, 10);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const early = connect('/v2/articles?offset=0');
    // offset=150 is refused (422) until the log reaches it: wait for that, not a fixed 60 ms that a
    // busy machine overruns, so `mid` still joins while the appends go on.
    await waitFor(async () => Number(await g.runtime.eventStore.head()) >= 150, { timeoutMs: 30_000, intervalMs: 5 });
    const mid = connect('/v2/articles?offset=150');
    await appending;
    await caughtUp(g);
    const all = await expectedMessages(g.runtime.eventStore);
    expect(
      await receiveAll(
        early,
        all.map((m) => m.id),
      ),
    ).toEqual(all.map((m) => m.id));
    const afterMid = all.filter((m) => m.offset > 150).map((m) => m.id);
    expect(await receiveAll(mid, afterMid)).toEqual(afterMid);
  });

  it('serves 50 concurrent clients with different filters, live and resuming', async () => {
    await appendMix(g.runtime.eventStore, 0, 60);
    await g.startPublisher();
    await caughtUp(g);
    const wikis = ['enwiki', 'dewiki', 'frwiki'];
    const specs = Array.from({ length: 50 }, (_, i) => ({
      offset: i % 2 === 0 ? 20 + (i % 40) : undefined,
      pattern: {
        wiki: wikis[i % 3],
        ...(i % 5 === 0 ? { namespace: 0 } : {}),
        ...(i % 7 === 0 ? { flag: 'ok' as const } : {}),
      },
    }));
    const streams = specs.map((s) => {
      const filters = [
        { field: 'is_part_of.identifier', value: s.pattern.wiki },
        ...(s.pattern.namespace === 0 ? [{ field: 'namespace.identifier', value: 0 }] : []),
      ];
      const vandal = s.pattern.flag ? '&vandalism=exclude' : '';
      return connect(
        `/v2/articles?filters=${q(filters)}${vandal}${s.offset !== undefined ? `&offset=${s.offset}` : ''}`,
      );
    });
    await Promise.all(streams.map((c) => c.status));
    await new Promise((r) => setTimeout(r, 300)); // live clients attach before the next appends
    await appendMix(g.runtime.eventStore, 60, 90);
    await caughtUp(g);
    const all = await expectedMessages(g.runtime.eventStore);
    for (const [i, s] of specs.entries()) {
      const from = s.offset ?? 60; // live clients see what was appended after they connected
      const want = select(
        all.filter((m) => m.offset > from),
        s.pattern,
      );
      expect({ i, got: await receiveAll(streams[i], want) }).toEqual({ i, got: want });
    }
  });
}
