/**
 * Time travel and the console's revision and diff views fold a page's history window by window:
 * a page with thousands of full revisions (enwiki "Anarchism": 15,180, over a gigabyte of
 * wikitext) must not be read into memory at once (it took `okapi start` down with a heap
 * overflow). Same answers as folding the whole stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  articleDerivationInputs,
  decide,
  evolve,
  EventStore,
  initialPageState,
  PageCommand,
  PageEvent,
  pageStream,
  ReadStreamOptions,
  StreamName,
  must,
} from '@okapi/domain';
import { ArticleDerivations } from '@okapi/adapters/derivations';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { aRecordRevision } from '@okapi/testing';
import type { ArticleJson } from '@okapi/projections';
import { ArticleHistoryService, AsOf, cut } from './article-history.service';
import { pageRevisions, readPageRevisions } from '../console/revision-text';
import { pastArticle, pastPoint } from './past-article';

const REVISIONS = 150;
const STREAM = pageStream('enwiki', 1);
const day = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 19) + 'Z';

describe('ArticleHistoryService (time travel on a real SQLite event store)', () => {
  let dir: string;
  let store: EventStore;
  /** The most events one readStream call returned. */
  let largestRead = 0;
  let history: ArticleHistoryService;
  let watchedStore: EventStore;
  const derivations = new ArticleDerivations();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'okapi-history-'));
    store = openSqliteEventStore({ path: join(dir, 'events.sqlite3') });
    let state = initialPageState();
    const events: PageEvent[] = [];
    for (let r = 1; r <= REVISIONS; r++) {
      const command = aRecordRevision({
        revisionId: r,
        parentId: r - 1 || undefined,
        timestamp: day(r),
        text: `revision ${r} ${'x'.repeat(r)}`,
      }) as PageCommand;
      const produced = decide(command, state, { suspectThreshold: 0.5 });
      state = produced.reduce(evolve, state);
      events.push(...produced);
    }
    await store.append([{ stream: STREAM, expectedRevision: 'no_stream', events }]);
    // The real store, watched: how much one read brings into memory.
    const watched: EventStore = Object.create(store);
    watched.readStream = async (stream: StreamName, options?: ReadStreamOptions) => {
      const read = await store.readStream(stream, options);
      largestRead = Math.max(largestRead, read.length);
      return read;
    };
    history = new ArticleHistoryService(watched, derivations);
    watchedStore = watched;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const current = { identifier: 1, is_part_of: { identifier: 'enwiki' } } as unknown as ArticleJson;

  it('answers each revision and as_of exactly as folding the whole stream, reading at most one window at a time', async () => {
    const all = await store.readStream(STREAM);
    expect(all.length).toBeGreaterThanOrEqual(REVISIONS);
    const cases: [AsOf, number][] = [
      [{ revision: 1 }, 1],
      [{ revision: 40 }, 40],
      [{ revision: 97 }, 97],
      [{ revision: REVISIONS }, REVISIONS],
      [{ asOf: day(66) }, 66],
      [{ asOf: day(REVISIONS + 5) }, REVISIONS],
    ];
    for (const [at, revision] of cases) {
      const got = await history.asOf(current, at);
      expect({ at, version: (got?.version as { identifier?: number } | undefined)?.identifier }).toEqual({
        at,
        version: revision,
      });
      // The whole stream folded at once, with the same derived parts.
      const upTo = cut(all, at);
      const point = must(pastPoint(upTo), 'the past point');
      const derived = await derivations.resolve(articleDerivationInputs(point.state, point.event));
      expect(got).toEqual(pastArticle(upTo, derived));
    }
    largestRead = 0;
    await history.asOf(current, { revision: REVISIONS });
    expect(largestRead).toBeGreaterThan(0);
    expect(largestRead).toBeLessThanOrEqual(32);
  });

  it('answers undefined for a revision the page never had and a time before it existed', async () => {
    expect(await history.asOf(current, { revision: 999_999 })).toBeUndefined();
    expect(await history.asOf(current, { asOf: '2000-01-01T00:00:00Z' })).toBeUndefined();
  });

  it("reads the console's revision sides window by window too, with the same answers", async () => {
    const all = pageRevisions(await store.readStream(STREAM));
    largestRead = 0;
    for (const ids of [[1], [97, 40], [REVISIONS], [999_999]]) {
      const page = await readPageRevisions(watchedStore, STREAM, ids);
      for (const id of ids) expect(page.side(id)).toEqual(all.side(id));
    }
    expect(largestRead).toBeGreaterThan(0);
    expect(largestRead).toBeLessThanOrEqual(32);
  });
});
