import { join } from 'node:path';
import {
  defaultPageDecider as pageDecider,
  EventStore,
  PageCommandHandler,
  PageDecider,
  PageStateTracker,
  RecordedEvent,
  toOffset,
} from '@okapi/domain';
import { aRecordRevision, makeTempDir, TempDir } from '@okapi/testing';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store';

type PageState = ReturnType<PageDecider['initialState']>;

describe('PageStateTracker on SQLite', () => {
  let dir: TempDir;
  let store: EventStore;
  let log: RecordedEvent[];

  /** What a page looked like just before `event`: fold of its stream up to it. */
  const reference = (event: RecordedEvent): PageState =>
    log
      .filter((e) => e.stream === event.stream && e.offset < event.offset)
      .reduce(pageDecider.evolve, pageDecider.initialState());
  /** Compares states by value: the revision-id set shares storage between versions. */
  const plain = (state: PageState): unknown => ({ ...state, revisionIds: [...state.revisionIds] });

  beforeAll(async () => {
    dir = makeTempDir('okapi-tracker-');
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') });
    const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    for (let b = 0; b < 4; b++) {
      await handler.handle(
        [1, 2, 3].map((p) =>
          aRecordRevision({
            pageId: p,
            revisionId: p * 100 + b,
            sha1: `p${p}b${b}`,
            timestamp: `2024-05-0${b + 1}T00:00:00Z`,
          }),
        ),
      );
    }
    log = await store.readAll({ from: toOffset(0) });
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('gives before/after for every event when applied in offset order from 0', async () => {
    const tracker = new PageStateTracker(store);
    for (const event of log) {
      const { before, after } = await tracker.apply(event);
      expect(plain(before)).toEqual(plain(reference(event)));
      expect(plain(after)).toEqual(plain(pageDecider.evolve(reference(event), event)));
    }
    const first = await new PageStateTracker(store).apply(log[0]);
    expect(first.before.exists).toBe(false);
    expect(first.after.current?.revisionId).toBe(100);
  });

  it('is correct from a middle offset, with a tiny cache, and when an earlier event is replayed', async () => {
    const tracker = new PageStateTracker(store, { cacheSize: 1 });
    for (const event of log.slice(5))
      expect(plain((await tracker.apply(event)).before)).toEqual(plain(reference(event)));
    const replayed = await tracker.apply(log[4]);
    expect(plain(replayed.before)).toEqual(plain(reference(log[4])));
    expect(replayed.before.revisionCount).toBe(1);
  });

  it('does not read a stream for its first event (a replay from 0 reads no stream at all)', async () => {
    let reads = 0;
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: (stream: Parameters<EventStore['readStream']>[0]) => (reads++, store.readStream(stream)),
    });
    const tracker = new PageStateTracker(counting, { cacheSize: 1 }); // every page misses the cache
    for (const event of log.filter((e) => e.streamRevision === 0)) {
      expect(plain((await tracker.apply(event)).before)).toEqual(plain(pageDecider.initialState()));
    }
    expect(reads).toBe(0);
  });

  it('rebuilds a page met mid-stream from its past only, not its whole stream', async () => {
    let returned = 0;
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: async (...args: Parameters<EventStore['readStream']>) => {
        const events = await store.readStream(...args);
        returned += events.length;
        return events;
      },
    });
    const middle = log.filter((e) => e.streamRevision > 0);
    expect(middle.length).toBeGreaterThan(3);
    for (const event of middle) {
      returned = 0;
      const { before } = await new PageStateTracker(counting).apply(event); // fresh: always a miss
      expect(plain(before)).toEqual(plain(reference(event)));
      expect(returned).toBe(event.streamRevision);
      expect(returned).toBeLessThan(log.filter((e) => e.stream === event.stream).length);
    }
  });
});
