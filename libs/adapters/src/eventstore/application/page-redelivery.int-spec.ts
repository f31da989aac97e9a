// A SIGKILL restart against the real SQLite store: a fresh handler folds the page from disk (events
// round-tripped through JSON) and the source redelivers from an earlier point. Nothing is recorded
// twice: the redelivery guards live in PageState, rebuilt from the stored events alone.
import { join } from 'node:path';
import { EventStore, PageCommand, PageCommandHandler, pageStream } from '@okapi/domain';
import { aRecordRevision, makeTempDir, TempDir } from '@okapi/testing';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store';

const page = { wiki: 'enwiki', pageId: 77, source: 'eventstreams', receivedAt: '2024-05-01T13:00:00Z' } as const;
const HIDE_TEXT = { text: false, editor: true, comment: true };
const VISIBLE = { text: true, editor: true, comment: true };

// MediaWiki's one-second timestamps: a delete and a restore in the same second, a hide and an
// un-hide of an older revision, then a move and its move back within one second.
const history: PageCommand[] = [
  aRecordRevision({ ...page, namespace: 0, title: 'Okapi', revisionId: 1, timestamp: '2024-05-01T12:00:00Z' }),
  aRecordRevision({
    ...page,
    namespace: 0,
    title: 'Okapi',
    revisionId: 2,
    parentId: 1,
    timestamp: '2024-05-01T12:01:00Z',
  }),
  { ...page, type: 'DeletePage', namespace: 0, title: 'Okapi', timestamp: '2024-05-01T12:05:00Z' },
  { ...page, type: 'RestorePage', namespace: 0, title: 'Okapi', timestamp: '2024-05-01T12:05:00Z' },
  {
    ...page,
    type: 'ChangeRevisionVisibility',
    revisionId: 1,
    visibility: HIDE_TEXT,
    timestamp: '2024-05-01T12:06:00Z',
  },
  { ...page, type: 'ChangeRevisionVisibility', revisionId: 1, visibility: VISIBLE, timestamp: '2024-05-01T12:07:00Z' },
  { ...page, type: 'MovePage', toNamespace: 0, toTitle: 'Okapia', timestamp: '2024-05-01T12:08:00Z' },
  { ...page, type: 'MovePage', toNamespace: 0, toTitle: 'Okapi', timestamp: '2024-05-01T12:08:00Z' },
];

describe('redelivery after a restart, on SQLite', () => {
  let dir: TempDir;
  let store: EventStore;
  beforeEach(() => {
    dir = makeTempDir('okapi-redelivery-');
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('records the history once; a restarted handler turns every redelivered suffix into duplicates', async () => {
    const first = await new PageCommandHandler(store, { suspectThreshold: 0.5 }).handle(history);
    expect(first).toMatchObject({ appended: history.length, duplicates: 0 });
    const stored = await store.readStream(pageStream('enwiki', 77));
    for (let from = 0; from < history.length; from++) {
      const restarted = new PageCommandHandler(store, { suspectThreshold: 0.5 }); // empty cache: state from disk
      expect({ from, ...(await restarted.handle(history.slice(from))) }).toEqual({
        from,
        appended: 0,
        duplicates: history.length - from,
      });
    }
    expect(await store.readStream(pageStream('enwiki', 77))).toEqual(stored);
  });

  it('after a crash mid-history, the redelivered prefix is skipped and the rest recorded once', async () => {
    await new PageCommandHandler(store, { suspectThreshold: 0.5 }).handle(history.slice(0, 5));
    const restarted = new PageCommandHandler(store, { suspectThreshold: 0.5 });
    expect(await restarted.handle(history.slice(2))).toMatchObject({ appended: 3, duplicates: 3 });
    const types = (await store.readStream(pageStream('enwiki', 77))).map((e) => e.type);
    expect(types).toEqual([
      'RevisionCreated',
      'RevisionCreated',
      'PageDeleted',
      'PageRestored',
      'RevisionVisibilityChanged',
      'RevisionVisibilityChanged',
      'PageMoved',
      'PageMoved',
    ]);
  });
});
