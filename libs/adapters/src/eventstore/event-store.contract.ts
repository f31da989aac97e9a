/**
 * The one behavioural contract every EventStore adapter passes (SQLite, EventStoreDB).
 * Tests isolate themselves by unique stream names, so the suite also runs against a shared server
 * whose `$all` holds other data: assertions look only at this test's streams, except where
 * `options.dense` says the store is fresh per test and offsets are 1, 2, 3, ...
 */
import {
  encodeEvents,
  EventStore,
  Offset,
  PageEvent,
  RecordedEvent,
  StreamName,
  StreamRevisionConflict,
  toOffset,
  must,
} from '@okapi/domain';
import { aRevisionCreated, uniqueName } from '@okapi/testing';

export interface EventStoreContractOptions {
  /** Fresh store per test with dense offsets starting at 1 (SQLite). */
  readonly dense?: boolean;
  /** Opens another handle on the data of the most recent `open()` (same file / same server). */
  readonly reopen?: () => Promise<EventStore>;
}

export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  cleanup: () => Promise<void>,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const extra: EventStore[] = [];
    const stream = (label: string): StreamName =>
      uniqueName(`page-contract_${label}-`).replace(/[^a-z0-9_-]/g, '') as StreamName;
    const revisions = (from: number, count: number): PageEvent[] =>
      Array.from({ length: count }, (_, i) => aRevisionCreated({ revisionId: from + i, text: `text ${from + i}` }));
    const ours = (events: readonly RecordedEvent[], streams: readonly string[]): RecordedEvent[] =>
      events.filter((e) => streams.includes(e.stream));
    const readAllFrom = async (from: Offset, streams: readonly string[]): Promise<RecordedEvent[]> => {
      const out: RecordedEvent[] = [];
      for (let cursor = from; ; ) {
        const page = await store.readAll({ from: cursor, limit: 500 });
        if (page.length === 0) return ours(out, streams);
        out.push(...page);
        cursor = (page[page.length - 1].offset + 1) as Offset;
      }
    };

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await Promise.all([store, ...extra.splice(0)].map((s) => s.close()));
      await cleanup();
    });

    it('round-trips appended events through readStream with revisions, offsets and data', async () => {
      const s = stream('rt');
      const events = revisions(1, 3);
      const [result] = await store.append([{ stream: s, expectedRevision: 'no_stream', events }]);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.type, e.data, e.streamRevision, e.stream])).toEqual(
        events.map((e, i) => [e.type, e.data, i, s]),
      );
      expect(result).toEqual({ stream: s, nextExpectedRevision: 2, lastOffset: read[2].offset });
      expect(typeof read[0].recordedAt).toBe('number');
      expect(await store.head()).toBe(read[2].offset);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('writes events already encoded as JSON (encodeEvents) as it writes the same events as data', async () => {
      const [plain, encoded] = [stream('plain'), stream('encoded')];
      const events = revisions(1, 3);
      await store.append([{ stream: plain, expectedRevision: 'no_stream', events }]);
      await store.append([encodeEvents({ stream: encoded, expectedRevision: 'no_stream', events })]);
      const read = async (s: StreamName) => (await store.readStream(s)).map((e) => [e.type, e.streamRevision, e.data]);
      expect(await read(encoded)).toEqual(await read(plain));
    });

    it('writes events encoded as UTF-8 bytes (a decide worker hands them over so) as the same events', async () => {
      const [plain, bytes] = [stream('plain-utf8'), stream('bytes')];
      const events = [1, 2, 3].map((id) =>
        aRevisionCreated({ revisionId: id, title: 'Çullu – 松鼠 🐿', text: `ü ${id}` }),
      );
      await store.append([{ stream: plain, expectedRevision: 'no_stream', events }]);
      const utf8 = events.map((e) => ({ type: e.type, json: new TextEncoder().encode(JSON.stringify(e.data)) }));
      await store.append([{ stream: bytes, expectedRevision: 'no_stream', events: utf8 }]);
      const read = async (s: StreamName) => (await store.readStream(s)).map((e) => [e.type, e.streamRevision, e.data]);
      expect(await read(bytes)).toEqual(await read(plain));
    });

    it('reads a stream up to toRevision (inclusive): middle, 0, past the end, missing stream', async () => {
      const s = stream('to');
      await store.append([{ stream: s, expectedRevision: 'no_stream', events: revisions(1, 5) }]);
      const all = await store.readStream(s);
      const upTo = async (toRevision: number): Promise<number[]> =>
        (await store.readStream(s, { toRevision })).map((e) => e.streamRevision);
      expect(await upTo(2)).toEqual([0, 1, 2]);
      expect(await store.readStream(s, { toRevision: 2 })).toEqual(all.slice(0, 3));
      expect(await upTo(0)).toEqual([0]);
      expect(await upTo(4)).toEqual([0, 1, 2, 3, 4]);
      expect(await upTo(99)).toEqual([0, 1, 2, 3, 4]);
      expect(await upTo(-1)).toEqual([]);
      expect(await store.readStream(stream('tomissing'), { toRevision: 3 })).toEqual([]);
    });

    it('reads a window of a stream from fromRevision (inclusive), with or without toRevision', async () => {
      const s = stream('window');
      await store.append([{ stream: s, expectedRevision: 'no_stream', events: revisions(1, 5) }]);
      const all = await store.readStream(s);
      const window = async (fromRevision: number, toRevision?: number): Promise<number[]> =>
        (await store.readStream(s, { fromRevision, toRevision })).map((e) => e.streamRevision);
      expect(await store.readStream(s, { fromRevision: 1, toRevision: 2 })).toEqual(all.slice(1, 3));
      expect(await window(0, 1)).toEqual([0, 1]);
      expect(await window(3)).toEqual([3, 4]);
      expect(await window(4, 99)).toEqual([4]);
      expect(await window(5, 9)).toEqual([]);
      expect(await window(3, 2)).toEqual([]);
      expect(await store.readStream(stream('windowmissing'), { fromRevision: 2, toRevision: 3 })).toEqual([]);
    });

    it('rejects a wrong expected revision (no_stream, exact) and appends nothing; any always appends', async () => {
      const s = stream('cc');
      await store.append([{ stream: s, expectedRevision: 'no_stream', events: revisions(1, 2) }]);
      const head = await store.head();
      const attempts = ['no_stream', 0, 2, -5] as const;
      for (const expectedRevision of attempts) {
        await expect(store.append([{ stream: s, expectedRevision, events: revisions(10, 1) }])).rejects.toBeInstanceOf(
          StreamRevisionConflict,
        );
      }
      await expect(
        store.append([{ stream: stream('none'), expectedRevision: 0, events: revisions(1, 1) }]),
      ).rejects.toThrow(StreamRevisionConflict);
      expect(await store.head()).toBe(head);
      expect(await store.readStream(s)).toHaveLength(2);
      await store.append([{ stream: s, expectedRevision: 1, events: revisions(3, 1) }]);
      const [any] = await store.append([{ stream: s, expectedRevision: 'any', events: revisions(4, 1) }]);
      expect(any.nextExpectedRevision).toBe(3);
      const [fresh] = await store.append([{ stream: stream('any'), expectedRevision: 'any', events: revisions(1, 1) }]);
      expect(fresh.nextExpectedRevision).toBe(0);
    });

    it('appends a multi-stream batch all or nothing', async () => {
      const [a, b, c] = [stream('ba'), stream('bb'), stream('bc')];
      await store.append([{ stream: b, expectedRevision: 'no_stream', events: revisions(1, 1) }]);
      const head = await store.head();
      const batch = [
        { stream: a, expectedRevision: 'no_stream' as const, events: revisions(1, 2) },
        { stream: b, expectedRevision: 5, events: revisions(2, 1) },
        { stream: c, expectedRevision: 'any' as const, events: revisions(1, 1) },
      ];
      const error = await store.append(batch).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamRevisionConflict);
      expect((error as StreamRevisionConflict).stream).toBe(b);
      expect(await store.head()).toBe(head);
      expect((await store.readStream(a)).length + (await store.readStream(c)).length).toBe(0);
      batch[1] = { ...batch[1], expectedRevision: 0 };
      const results = await store.append(batch);
      expect(results.map((r) => [r.stream, r.nextExpectedRevision])).toEqual([
        [a, 1],
        [b, 1],
        [c, 0],
      ]);
    });

    it('reads the global log from 0, from the middle (inclusive) and with a limit, offsets strictly increasing', async () => {
      const streams = [stream('la'), stream('lb')];
      const start = ((await store.head()) + 1) as Offset;
      for (let i = 0; i < 5; i++) {
        await store.append(
          streams.map((s) => ({ stream: s, expectedRevision: 'any' as const, events: revisions(i * 2, 2) })),
        );
      }
      const all = await readAllFrom(toOffset(0), streams);
      expect(all).toHaveLength(20);
      expect(all).toEqual(await readAllFrom(start, streams));
      expectIncreasing(all.map((e) => e.offset));
      if (options.dense) expect(all.map((e) => e.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const middle = all[7].offset;
      expect((await readAllFrom(middle, streams)).map((e) => e.offset)).toEqual(all.slice(7).map((e) => e.offset));
      const limited = await store.readAll({ from: middle, limit: 3 });
      expect(limited.map((e) => e.offset)).toEqual(all.slice(7, 10).map((e) => e.offset));
      expect(await store.readAll({ from: ((await store.head()) + 1) as Offset })).toEqual([]);
    });

    it('subscribes: catches up, then follows concurrent appends with no gap and no duplicate', async () => {
      const streams = [stream('sa'), stream('sb'), stream('sc')];
      const start = ((await store.head()) + 1) as Offset;
      const batch = (i: number) =>
        streams.map((s) => ({ stream: s, expectedRevision: 'any' as const, events: revisions(i * 10, 1 + (i % 3)) }));
      for (let i = 0; i < 5; i++) await store.append(batch(i));
      const expectedCount = [...Array(15).keys()].reduce((n, i) => n + 3 * (1 + (i % 3)), 0);
      const sub = store.subscribe(start);
      const seen: RecordedEvent[] = [];
      const consume = (async () => {
        for await (const e of sub) {
          if (streams.includes(e.stream)) seen.push(e);
          if (seen.length === expectedCount) break;
        }
      })();
      for (let i = 5; i < 15; i++) {
        await store.append(batch(i));
        await new Promise((r) => setTimeout(r, i % 2 ? 0 : 15));
      }
      await withTimeout(consume, 10_000, 'subscription to deliver every event');
      const log = await readAllFrom(start, streams);
      expect(seen.map((e) => e.offset)).toEqual(log.map((e) => e.offset));
      expect(seen).toEqual(log);
      await sub.close();
    });

    it('ends iteration when a subscription is closed, idle or busy', async () => {
      const s = stream('cl');
      await store.append([{ stream: s, expectedRevision: 'any', events: revisions(1, 3) }]);
      const idle = store.subscribe(((await store.head()) + 1) as Offset);
      const idleDone = (async () => {
        let n = 0;
        for await (const _ of idle) n++;
        return n;
      })();
      await new Promise((r) => setTimeout(r, 50));
      await idle.close();
      expect(await withTimeout(idleDone, 2000, 'idle subscription to end')).toBe(0);

      const busy = store.subscribe(toOffset(0));
      let n = 0;
      for await (const _ of busy) {
        if (++n === 2) await busy.close();
      }
      expect(n).toBe(2);
    });

    it('round-trips a 3 MB event through readStream, readAll and subscribe', async () => {
      const s = stream('big');
      const text = 'Ökapi ünd ★ '.repeat(262_144).slice(0, 3_000_000);
      const event = aRevisionCreated({ revisionId: 42, text, size: Buffer.byteLength(text) });
      const [small] = revisions(1, 1);
      const [result] = await store.append([
        { stream: s, expectedRevision: 'no_stream', events: [small, event, small] },
      ]);
      const read = await store.readStream(s);
      expect(read.map((e) => e.data)).toEqual([small.data, event.data, small.data]);
      const fromAll = await store.readAll({ from: read[1].offset, limit: 1 });
      expect(fromAll[0].data).toEqual(event.data);
      const sub = store.subscribe(read[0].offset);
      const got: RecordedEvent[] = [];
      for await (const e of sub) {
        got.push(e);
        if (e.offset === result.lastOffset) break;
      }
      expect(ours(got, [s]).map((e) => (e.data as { text?: string }).text?.length)).toEqual([6, text.length, 6]);
    });

    (options.reopen ? it : it.skip)('keeps the data across a close and reopen', async () => {
      const s = stream('ro');
      await store.append([{ stream: s, expectedRevision: 'no_stream', events: revisions(1, 4) }]);
      const before = await store.readStream(s);
      const head = await store.head();
      await store.close();
      store = await must(options.reopen, 'options.reopen')();
      expect(await store.readStream(s)).toEqual(before);
      expect(await store.head()).toBe(head);
      const [next] = await store.append([{ stream: s, expectedRevision: 3, events: revisions(5, 1) }]);
      expect(next.lastOffset).toBeGreaterThan(head);
    });

    it('reports head 0 on an empty store', async () => {
      if (!options.dense) return expect(await store.head()).toBeGreaterThanOrEqual(0);
      expect(await store.head()).toBe(0);
      expect(await store.readAll({ from: toOffset(0) })).toEqual([]);
    });
  });
}

function expectIncreasing(offsets: readonly number[]): void {
  for (let i = 1; i < offsets.length; i++) expect(offsets[i]).toBeGreaterThan(offsets[i - 1]);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
