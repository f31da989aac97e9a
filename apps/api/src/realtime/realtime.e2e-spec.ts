/**
 * The realtime firehose through HTTP in embedded mode (SQLite + in-process bus): filters,
 * resume, the catch-up/live seam, fan-out, slow clients and request validation.
 */
import { waitFor } from '@okapi/testing';
import { appendLarge, appendMix, ids, openGateway } from './testing/firehose-test-kit';
import { expectedMessages } from './testing/firehose-oracle';
import { firehoseScenarios } from './testing/firehose-scenarios';
import { openStream } from './testing/sse-test-client';

jest.setTimeout(60_000);

describe('realtime firehose, embedded bus', () => {
  firehoseScenarios(() => openGateway());
});

describe('realtime firehose, embedded: requests and clients', () => {
  let g: Awaited<ReturnType<typeof openGateway>>;
  afterEach(async () => {
    await g.close();
  });

  it.each([
    [
      'unknown filter field',
      '?filters=' + encodeURIComponent('[{"field":"title","value":"x"}]'),
      'request.invalid_filters',
    ],
    ['malformed filters JSON', '?filters=' + encodeURIComponent('[{"field":'), 'request.invalid_filters'],
    ['unknown field', '?fields=nonsense', 'request.invalid_fields'],
    ['since in the future', `?since=${Date.now() + 3_600_000}`, 'request.invalid_since'],
    ['offset beyond the head', '?offset=999', 'stream.invalid_offset'],
    ['both since and offset', '?offset=1&since=2024-01-01T00:00:00Z', 'request.conflicting_parameters'],
  ])('refuses %s with 422 and a WME body before streaming', async (_name, query, code) => {
    g = await openGateway({ seed: 5 });
    const c = openStream(`${g.url}/v2/articles${query}`);
    expect(await c.status).toBe(422);
    await c.ended;
    expect(JSON.parse(c.body())).toMatchObject({ status: 422, code, message: expect.any(String) });
  });

  it('takes parameters from a JSON body on POST and on GET (as the WME Go SDK sends), NDJSON and fields', async () => {
    g = await openGateway({ seed: 40 });
    await g.startPublisher();
    const body = {
      offset: 10,
      fields: ['name', 'event.*'],
      filters: [{ field: 'is_part_of.identifier', value: 'dewiki' }],
    };
    const headers = { accept: 'application/x-ndjson' };
    for (const method of ['POST', 'GET'] as const) {
      const c = openStream(`${g.url}/v2/articles`, { method, body, headers });
      if ((await c.status) !== 200) await c.ended;
      expect({ method, status: await c.status, body: c.body() }).toEqual({ method, status: 200, body: '' });
      await c.waitFor((m) => m.length >= 5);
      for (const m of c.messages) {
        expect(Object.keys(m.data).sort()).toEqual(['event', 'name']);
        expect((m.data.event as { offset: number }).offset).toBeGreaterThan(10);
      }
      c.close();
    }
  });

  it('replays from the event store what the bus does not hold, then goes live without a seam', async () => {
    // Embedded mode: the in-process bus starts empty at boot and the publisher starts at the head.
    g = await openGateway({ seed: 80, whenEmpty: 'head' });
    await g.startPublisher();
    const c = openStream(`${g.url}/v2/articles?offset=0`);
    expect(await c.status).toBe(200);
    await appendMix(g.runtime.eventStore, 80, 40);
    const all = await expectedMessages(g.runtime.eventStore);
    await c.waitFor((m) => m.length >= all.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(ids(c.messages)).toEqual(all.map((m) => m.id));
    expect((await g.bus.bounds()).firstOffset).toBeGreaterThan(80);
  });

  it('cuts off a slow client with an error naming its last id, from which it resumes exactly', async () => {
    g = await openGateway({ env: { OKAPI_STREAM_CLIENT_BUFFER: '20' } });
    await g.startPublisher();
    const slow = openStream(`${g.url}/v2/articles?offset=0`);
    expect(await slow.status).toBe(200);
    slow.pause();
    await appendLarge(g.runtime.eventStore, 400, 64 * 1024); // ~26 MB: more than loopback socket buffers
    await waitFor(async () => (await g.bus.lastPosition())?.offset === 400, { timeoutMs: 20_000 });
    slow.resume();
    await slow.ended;
    const error = slow.messages[slow.messages.length - 1];
    expect(error).toMatchObject({ event: 'error', data: { code: 'stream.client_too_slow' } });
    expect(await (await fetch(`${g.url}/metrics`)).text()).toMatch(/^okapi_realtime_clients_dropped_total [1-9]/m);
    const lastId = error.data.last_id as string;
    const got = ids(slow.messages.filter((m) => m.event === 'message'));
    expect(got[got.length - 1]).toBe(lastId);
    const resumed = openStream(`${g.url}/v2/articles`, { headers: { 'last-event-id': lastId } });
    const all = (await expectedMessages(g.runtime.eventStore)).map((m) => m.id);
    await resumed.waitFor((m) => got.length + m.length >= all.length, 30_000);
    resumed.close();
    expect([...got, ...ids(resumed.messages)]).toEqual(all);
  });

  it('replays raw events from /v2/events as NDJSON and SSE, then live', async () => {
    g = await openGateway({ seed: 30 });
    const nd = openStream(`${g.url}/v2/events?from=0&limit=30`, { headers: { accept: 'application/x-ndjson' } });
    await nd.ended;
    expect(nd.messages.map((m) => m.data.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(nd.messages[0].data).toMatchObject({ type: 'RevisionCreated', stream: expect.stringMatching(/^page-/) });
    const sse = openStream(`${g.url}/v2/events?from=1`, { headers: { 'last-event-id': '25' } });
    await sse.waitFor((m) => m.length >= 5);
    await appendMix(g.runtime.eventStore, 30, 3);
    await sse.waitFor((m) => m.length >= 8);
    expect(sse.messages.map((m) => m.id)).toEqual(['26', '27', '28', '29', '30', '31', '32', '33']);
    sse.close();
    const bad = openStream(`${g.url}/v2/events?from=99`);
    expect(await bad.status).toBe(422);
  });
});

/** WME parallel consumption: `parts` split the stream by page partition; `offsets` resume each. */
describe('realtime firehose, embedded: parts, offsets and since_per_partition', () => {
  let g: Awaited<ReturnType<typeof openGateway>>;
  afterEach(async () => {
    await g.close();
  });

  const ndjson = { accept: 'application/x-ndjson' };
  type Ev = { partition: number; offset: number; date_published: string };
  const eventOf = (m: { data: Record<string, unknown> }): Ev => m.data.event as Ev;
  const key = (m: { data: Record<string, unknown> }): string => `${eventOf(m).offset}/${String(m.data.name)}`;

  it('ten connections over parts [0]..[9] receive exactly the whole stream, each Article in its page partition', async () => {
    g = await openGateway({ seed: 60 });
    await g.startPublisher();
    const all = await expectedMessages(g.runtime.eventStore);
    // offsets {p: 1} for every partition: each connection starts at the beginning of its partitions.
    const from1 = Object.fromEntries(Array.from({ length: 50 }, (_, p) => [String(p), 1]));
    const conns = Array.from({ length: 10 }, (_, part) =>
      openStream(`${g.url}/v2/articles`, { method: 'GET', headers: ndjson, body: { parts: [part], offsets: from1 } }),
    );
    await appendMix(g.runtime.eventStore, 60, 40);
    const every = await expectedMessages(g.runtime.eventStore);
    expect(every.length).toBeGreaterThan(all.length);
    await waitFor(() => conns.reduce((n, c) => n + c.messages.length, 0) >= every.length, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 200)); // nothing more may arrive
    conns.forEach((c, part) => {
      for (const m of c.messages) expect(Math.floor(eventOf(m).partition / 5)).toBe(part);
      const offsets = c.messages.map((m) => eventOf(m).offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b)); // ordered within a connection
    });
    const received = conns.flatMap((c) => c.messages.map(key)).sort();
    const expected = every.map((m) => `${m.offset}/${String(m.article.name)}`).sort();
    expect(received).toEqual(expected);
    for (const c of conns) c.close();
  });

  it('resumes one connection by per-partition offsets (last consumed + 1) with no gap and no duplicate', async () => {
    g = await openGateway({ seed: 50 });
    await g.startPublisher();
    const parts = [0, 1, 2, 3, 4];
    const mine = (m: { article: Record<string, unknown> }): boolean => (m.article.event as Ev).partition < 25;
    const first = openStream(`${g.url}/v2/articles`, {
      method: 'POST',
      headers: ndjson,
      body: { parts, offsets: Object.fromEntries(Array.from({ length: 25 }, (_, p) => [String(p), 1])) },
    });
    const before = (await expectedMessages(g.runtime.eventStore)).filter(mine);
    await first.waitFor((m) => m.length >= before.length);
    first.close(); // the client is killed
    await appendMix(g.runtime.eventStore, 50, 50); // traffic while it is away
    const last = new Map<number, number>();
    for (const m of first.messages) last.set(eventOf(m).partition, eventOf(m).offset);
    const offsets = Object.fromEntries(Array.from({ length: 25 }, (_, p) => [String(p), (last.get(p) ?? 0) + 1]));
    const resumed = openStream(`${g.url}/v2/articles`, { method: 'POST', headers: ndjson, body: { parts, offsets } });
    const every = (await expectedMessages(g.runtime.eventStore)).filter(mine);
    await resumed.waitFor((m) => first.messages.length + m.length >= every.length);
    await new Promise((r) => setTimeout(r, 200));
    resumed.close();
    expect([...first.messages, ...resumed.messages].map(key).sort()).toEqual(
      every.map((m) => `${m.offset}/${String(m.article.name)}`).sort(),
    );
  });

  it('starts a partition at since_per_partition and the others live', async () => {
    g = await openGateway({ seed: 40 });
    await g.startPublisher();
    const every = await expectedMessages(g.runtime.eventStore);
    const p = (every[0].article.event as Ev).partition;
    const since = new Date(every[0].recordedAt).toISOString();
    const c = openStream(`${g.url}/v2/articles`, {
      method: 'POST',
      headers: ndjson,
      body: { parts: [Math.floor(p / 5)], since_per_partition: { [String(p)]: since } },
    });
    const replayed = every.filter((m) => (m.article.event as Ev).partition === p);
    await c.waitFor((m) => m.length >= replayed.length);
    await appendMix(g.runtime.eventStore, 40, 30);
    const live = (await expectedMessages(g.runtime.eventStore)).filter(
      (m) => m.offset > 40 && Math.floor((m.article.event as Ev).partition / 5) === Math.floor(p / 5),
    );
    await c.waitFor((m) => m.length >= replayed.length + live.length);
    await new Promise((r) => setTimeout(r, 200));
    c.close();
    expect(c.messages.map(key)).toEqual([...replayed, ...live].map((m) => `${m.offset}/${String(m.article.name)}`));
  });

  it('refuses parts with since, and an offset beyond the head, before streaming (422)', async () => {
    g = await openGateway({ seed: 5 });
    const both = openStream(`${g.url}/v2/articles`, {
      method: 'POST',
      body: { parts: [0], since: '2024-01-01T00:00:00Z' },
    });
    expect(await both.status).toBe(422);
    await both.ended;
    expect(JSON.parse(both.body())).toMatchObject({ code: 'request.conflicting_parameters' });
    const ahead = openStream(`${g.url}/v2/articles`, { method: 'POST', body: { parts: [0], offsets: { '0': 99 } } });
    expect(await ahead.status).toBe(422);
    await ahead.ended;
    expect(JSON.parse(ahead.body())).toMatchObject({ code: 'stream.invalid_offsets' });
  });
});
