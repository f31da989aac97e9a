// The application layer (libs/domain/src/application) against the real SQLite store. These specs
// live under adapters so libs/domain itself never imports a driver, not even from a test.
import { join } from 'node:path';
import {
  AppendRequest,
  EventStore,
  PageCommandHandler,
  PageDecisionsAhead,
  pageStream,
  RecordRevision,
  toOffset,
} from '@okapi/domain';
import { aRecordRevision, makeTempDir, TempDir } from '@okapi/testing';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store';

/** Counts append calls on a real store (observation only; every call goes through). */
function counting(store: EventStore): EventStore & { appendCalls: number } {
  const counted = Object.create(store) as EventStore & { appendCalls: number };
  counted.appendCalls = 0;
  counted.append = (requests: readonly AppendRequest[]) => {
    counted.appendCalls++;
    return store.append(requests);
  };
  return counted;
}

const rev = (pageId: number, revisionId: number, extra: Partial<RecordRevision> = {}): RecordRevision =>
  aRecordRevision({
    pageId,
    revisionId,
    title: `Page ${pageId}`,
    timestamp: `2024-05-01T12:${String(revisionId % 60).padStart(2, '0')}:00Z`,
    sha1: `s${pageId}-${revisionId}`,
    ...extra,
  });

describe('PageCommandHandler on SQLite', () => {
  let dir: TempDir;
  let store: EventStore & { appendCalls: number };
  beforeEach(() => {
    dir = makeTempDir('okapi-handler-');
    store = counting(openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') }));
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('decides a batch across pages and appends it in ONE call, keeping per-page order', async () => {
    const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    const commands = [rev(1, 10), rev(2, 20), rev(1, 11), rev(3, 30), rev(2, 21), rev(1, 12)];
    const result = await handler.handle(commands);
    expect(store.appendCalls).toBe(1);
    expect(result).toEqual({ appended: 6, duplicates: 0, lastOffset: await store.head() });
    const page1 = await store.readStream(pageStream('enwiki', 1));
    expect(page1.map((e) => [e.type, e.streamRevision, (e.data as { revisionId: number }).revisionId])).toEqual([
      ['RevisionCreated', 0, 10],
      ['RevisionCreated', 1, 11],
      ['RevisionCreated', 2, 12],
    ]);
  });

  it('turns redelivered commands into duplicates, within a batch and across batches and restarts', async () => {
    const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    expect(await handler.handle([rev(1, 10), rev(1, 10), rev(2, 20)])).toMatchObject({ appended: 2, duplicates: 1 });
    const head = await store.head();
    expect(await handler.handle([rev(2, 20), rev(1, 10)])).toEqual({ appended: 0, duplicates: 2 });
    const restarted = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    expect(await restarted.handle([rev(1, 10), rev(2, 20), rev(2, 21)])).toMatchObject({ appended: 1, duplicates: 2 });
    expect(await store.head()).toBe(head + 1);
    expect(await handler.handle([])).toEqual({ appended: 0, duplicates: 0 });
  });

  it('recovers when another writer appended to a cached page first: reload, re-decide, no duplicate', async () => {
    const mine = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    const other = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    await mine.handle([rev(1, 10)]); // now cached by `mine`
    await other.handle([rev(1, 11), rev(2, 20)]);
    const result = await mine.handle([rev(1, 11), rev(1, 12), rev(2, 20), rev(2, 22)]);
    expect(result).toMatchObject({ appended: 2, duplicates: 2 });
    const page1 = await store.readStream(pageStream('enwiki', 1));
    expect(page1.map((e) => (e.data as { revisionId: number }).revisionId)).toEqual([10, 11, 12]);
    expect((page1[2].data as { previousRevisionId?: number }).previousRevisionId).toBe(11);
  });

  it('reloads every page of the batch after one conflict, so many stale pages cost a single retry', async () => {
    const pages = [1, 2, 3, 4, 5, 6, 7, 8];
    const mine = new PageCommandHandler(store, { suspectThreshold: 0.5, maxRetries: 1 });
    const other = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    await mine.handle(pages.map((p) => rev(p, 1)));
    await other.handle(pages.map((p) => rev(p, 2)));
    const calls = store.appendCalls;
    expect(await mine.handle(pages.map((p) => rev(p, 3)))).toMatchObject({ appended: 8, duplicates: 0 });
    expect(store.appendCalls - calls).toBe(2);
  });

  it('stays correct with a one-entry cache and concurrent handle calls', async () => {
    const handler = new PageCommandHandler(store, { suspectThreshold: 0.5, cacheSize: 1 });
    const batches = [0, 1, 2, 3].map((b) => [1, 2, 3].flatMap((p) => [rev(p, b * 10 + 1), rev(p, b * 10 + 2)]));
    const results = await Promise.all([...batches, ...batches].map((b) => handler.handle(b)));
    expect(results.reduce((n, r) => n + r.appended, 0)).toBe(24);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(24);
    for (const p of [1, 2, 3]) {
      const ids = (await store.readStream(pageStream('enwiki', p))).map(
        (e) => (e.data as { revisionId: number }).revisionId,
      );
      expect(ids).toEqual([1, 2, 11, 12, 21, 22, 31, 32]);
    }
  });

  it('loads a long page history window by window (never the whole stream at once), deciding as before', async () => {
    const writer = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    await writer.handle(Array.from({ length: 100 }, (_, i) => rev(7, 1000 + i)));
    let largestRead = 0;
    const watched = Object.create(store) as EventStore;
    watched.readStream = async (stream, options) => {
      const read = await store.readStream(stream, options);
      largestRead = Math.max(largestRead, read.length);
      return read;
    };
    const cold = new PageCommandHandler(watched, { suspectThreshold: 0.5 });
    expect(await cold.handle([rev(7, 1050), rev(7, 1100)])).toMatchObject({ appended: 1, duplicates: 1 });
    expect(largestRead).toBeGreaterThan(0);
    expect(largestRead).toBeLessThanOrEqual(32);
    const page = await store.readStream(pageStream('enwiki', 7));
    expect(page.filter((e) => e.type === 'RevisionCreated').map((e) => e.streamRevision)).toEqual(
      Array.from({ length: 101 }, (_, i) => i),
    );
  });

  it('writes 1000 commands as one transaction', async () => {
    const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    const commands = Array.from({ length: 1000 }, (_, i) => rev(1 + (i % 100), 1000 + i));
    const result = await handler.handle(commands);
    expect([result.appended, store.appendCalls, await store.head()]).toEqual([1000, 1, 1000]);
  });

  describe('batches decided ahead of the store (PageDecisionsAhead, handleDecided)', () => {
    const batches = [
      [rev(1, 10), rev(1, 11), rev(2, 20)],
      [rev(1, 12), rev(3, 30)],
      [rev(4, 40), rev(4, 40)],
    ];
    const logOf = async (s: EventStore) =>
      (await s.readAll({ from: toOffset(0), limit: 1000 })).map((e) => [e.stream, e.type, e.data]);
    /** The same commands through handle(), after `before` on a store of its own. */
    const reference = async (before: RecordRevision[]) => {
      const s = openSqliteEventStore({ path: join(dir.path, 'reference.sqlite3') });
      const handler = new PageCommandHandler(s, { suspectThreshold: 0.5 });
      if (before.length) await handler.handle(before);
      for (const b of batches) await handler.handle(b);
      const log = await logOf(s);
      await s.close();
      return log;
    };

    it('appends them as decided when the store has none of their pages; a page going on is left to the handler', async () => {
      const ahead = new PageDecisionsAhead({ suspectThreshold: 0.5, cacheSize: 10 });
      const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
      const results = [];
      const fetched: number[] = [];
      for (const [i, b] of batches.entries())
        results.push(await handler.handleDecided(await ahead.decide(b), () => (fetched.push(i), Promise.resolve(b))));
      expect(fetched).toEqual([1]); // the commands are asked for only to decide here: page 1 goes on in batch 1
      expect(results.map((r) => [r.appended, r.duplicates])).toEqual([
        [3, 0],
        [2, 0],
        [1, 1],
      ]);
      expect(store.appendCalls).toBe(3);
      expect(await logOf(store)).toEqual(await reference([]));
    });

    it('decides a batch again from the store when another writer got there first', async () => {
      const theirs = rev(1, 10, { editor: { isAnonymous: true, isBot: false, name: '192.0.2.7' } });
      const ahead = new PageDecisionsAhead({ suspectThreshold: 0.5, cacheSize: 10 });
      const decided = [];
      for (const b of batches) decided.push(await ahead.decide(b));
      expect(decided.map((d) => [d.seq, d.requests !== undefined])).toEqual([
        [0, true],
        [1, false], // page 1 goes on from batch 0
        [2, true],
      ]);
      await new PageCommandHandler(store, { suspectThreshold: 0.5 }).handle([theirs]);
      const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
      const results = [];
      const fetched: number[] = [];
      for (const [i, b] of batches.entries())
        results.push(await handler.handleDecided(decided[i], () => (fetched.push(i), Promise.resolve(b))));
      expect(fetched).toEqual([0, 1]);
      // Batch 0 loses its bet on page 1 (their revision 10 is there); batch 2 wins its own.
      expect(results.map((r) => [r.appended, r.duplicates])).toEqual([
        [2, 1],
        [2, 0],
        [1, 1],
      ]);
      expect(await logOf(store)).toEqual(await reference([theirs]));
    });
  });
});
