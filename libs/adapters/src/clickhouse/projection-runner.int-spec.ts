// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { join } from 'node:path';
import { EventStore, must } from '@okapi/domain';
import { Analytics } from './analytics';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { DerivationPool } from '../wikitext/derivation-pool';
import { ArticleDerivations } from '../derivations/article-derivations';
import { SqliteDerivationStore } from '../derivations/derivation.store';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import {
  CULLU,
  CULLU_TALK,
  MOVED_TITLE,
  PEAR,
  seedStore,
  storeOnEngine,
  viewContents,
  xmlPages,
} from './testing/views-store.fixture';

jest.setTimeout(60_000);

const NOW = () => '2026-11-26T12:00:00Z';

describeEachEngine('projection runner on real dump events', (harness) => {
  const views = storeOnEngine(harness, { prefix: 'okapi-project-', open: seedStore });

  // Two events per batch: every kind of event crosses a batch boundary somewhere.
  beforeAll(() => new ProjectionRunner(views.store, views.analytics, { batchEvents: 2, now: NOW }).runUntilCaughtUp());

  it('has one revisions row per revision of the XML, plus the live edits', async () => {
    const rows = await views.analytics.query<{ revision_id: number | string }>(
      'SELECT revision_id FROM revisions FINAL ORDER BY revision_id',
    );
    const fromXml = xmlPages().flatMap((p) => p.revisionIds);
    expect(rows.map((r) => Number(r.revision_id))).toEqual([...fromXml, 900000001, 900000002].sort((a, b) => a - b));
  });

  it('keeps the XML latest version of untouched pages and the newest edit of Pear', async () => {
    const rows = await views.analytics.query<{ page_id: number | string; name: string; revision_id: number | string }>(
      'SELECT page_id, name, revision_id FROM articles_current FINAL WHERE deleted = 0 ORDER BY page_id',
    );
    const cullu = must(
      xmlPages().find((p) => p.pageId === CULLU),
      'the Cullu page',
    );
    expect(rows.map((r) => ({ ...r, page_id: Number(r.page_id), revision_id: Number(r.revision_id) }))).toEqual([
      { page_id: PEAR, name: 'Pear', revision_id: 900000002 },
      { page_id: CULLU, name: MOVED_TITLE, revision_id: cullu.latest },
    ]);
  });

  it('retires the moved title and the deleted talk page', async () => {
    const gone = await views.analytics.query<{ n: number | string }>(
      `SELECT count() AS n FROM articles_current FINAL WHERE deleted = 0 AND (name = 'Çullu, Agdam' OR page_id = ${CULLU_TALK})`,
    );
    expect(Number(gone[0].n)).toBe(0);
  });

  it('marks the vandal edit reverted by the identity revert, with time to revert', async () => {
    const [row] = await views.analytics.query<{
      reverted: number;
      reverted_by: number | string;
      seconds: number | string;
    }>(
      'SELECT reverted, reverted_by, reverted_at - timestamp AS seconds FROM revisions FINAL WHERE revision_id = 900000001',
    );
    expect({ ...row, reverted_by: Number(row.reverted_by), seconds: Number(row.seconds) }).toEqual({
      reverted: 1,
      reverted_by: 900000002,
      seconds: 180,
    });
    const [reverting] = await views.analytics.query<{ reverting: number; restored: number | string }>(
      'SELECT reverting, restored_revision_id AS restored FROM revisions FINAL WHERE revision_id = 900000002',
    );
    expect({ reverting: reverting.reverting, restored: Number(reverting.restored) }).toEqual({
      reverting: 1,
      restored: 638548877,
    });
  });

  it('serves the latest Article by name through the read model', async () => {
    const [doc] = await views.analytics.readModel.findCurrentByName({ name: 'Pear', limit: 10 });
    expect(JSON.parse(doc)).toMatchObject({
      name: 'Pear',
      identifier: PEAR,
      version: { identifier: 900000002 },
      is_part_of: { identifier: 'enwiki' },
    });
    expect(await views.analytics.readModel.findCurrentByName({ name: 'Çullu, Agdam', limit: 10 })).toEqual([]);
    expect(await views.analytics.readModel.findCurrentByName({ name: 'Pear', wikis: ['dewiki'], limit: 10 })).toEqual(
      [],
    );
  });

  it('streams snapshots and hourly batches, deletes included', async () => {
    const ns0: string[] = [];
    for await (const d of views.analytics.readModel.streamCurrent('enwiki', 0)) ns0.push(JSON.parse(d).name);
    expect(ns0).toEqual(['Pear', MOVED_TITLE]);
    expect(await views.analytics.readModel.listWikiNamespaces()).toEqual([
      { wiki: 'enwiki', namespace: 0, pages: 2, lastModified: '2024-05-01T12:03:00Z' },
    ]);
    const hour: { pageId: number; type: string }[] = [];
    for await (const v of views.analytics.readModel.streamHour('2024-05-01T14:00:00Z'))
      hour.push({ pageId: v.pageId, type: JSON.parse(v.doc).event.type });
    expect(hour).toEqual([{ pageId: CULLU_TALK, type: 'delete' }]);
    expect(await views.analytics.readModel.listHour('2024-05-01T12:00:00Z')).toEqual([
      { wiki: 'enwiki', namespace: 0 },
    ]);
  });

  it('reports no lag once caught up, and a second run projects nothing', async () => {
    const runner = new ProjectionRunner(views.store, views.analytics, { now: NOW });
    expect(await runner.lag()).toEqual({
      head: Number(await views.store.head()),
      checkpoint: Number(await views.store.head()),
      events: 0,
    });
    expect(await runner.runUntilCaughtUp()).toEqual({ events: 0, batches: 0 });
  });

  it('after a crash between writing rows and the checkpoint, a restart shows exactly the uninterrupted result', async () => {
    const uninterrupted = await viewContents(views.analytics);
    const runner = new ProjectionRunner(views.store, views.analytics, { batchEvents: 3, now: NOW });
    await runner.rebuild();
    let batches = 0;
    const crashing = new ProjectionRunner(views.store, views.analytics, {
      batchEvents: 3,
      now: NOW,
      afterWrite: () => {
        if (++batches === 3) throw new Error('injected crash after write, before checkpoint');
      },
    });
    await expect(crashing.runUntilCaughtUp()).rejects.toThrow('injected crash');
    // A fresh process: new runner, empty page-state cache, other batch sizes (Pear's 26 KB text alone
    // exceeds the character budget, so it travels in a batch of its own).
    await new ProjectionRunner(views.store, views.analytics, {
      batchEvents: 4,
      batchChars: 10_000,
      now: NOW,
    }).runUntilCaughtUp();
    expect(await viewContents(views.analytics)).toEqual(uninterrupted);
  });

  it('pipelines one-event batches (each built while the one before is written) into exactly the same rows', async () => {
    const uninterrupted = await viewContents(views.analytics);
    // Writes that land late: the next batch is built (reverts read the rows they rewrite) before.
    const slowWrites: Analytics = {
      ...views.analytics,
      insertJsonEachRow: async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return views.analytics.insertJsonEachRow(...args);
      },
    };
    const runner = new ProjectionRunner(views.store, slowWrites, { batchEvents: 1, now: NOW });
    await runner.rebuild();
    const done = await runner.runUntilCaughtUp();
    expect(done.batches).toBe(done.events);
    expect(await viewContents(views.analytics)).toEqual(uninterrupted);
  });

  it('gives the event loop turns inside a batch (yieldEvery) without changing a single row', async () => {
    const uninterrupted = await viewContents(views.analytics);
    /** Event-loop turns seen at each page-state rebuild (stream read) of one full replay. */
    const turnsAtStreamReads = async (yieldEvery: number): Promise<number[]> => {
      let turns = 0;
      let spinning = true;
      const spin = (): void => {
        turns++;
        if (spinning) setImmediate(spin);
      };
      setImmediate(spin);
      const seen: number[] = [];
      const watched: EventStore = Object.assign(Object.create(views.store) as EventStore, {
        readStream: (...args: Parameters<EventStore['readStream']>) => (
          seen.push(turns),
          views.store.readStream(...args)
        ),
      });
      const runner = new ProjectionRunner(watched, views.analytics, { stateCacheSize: 1, yieldEvery, now: NOW });
      await runner.rebuild();
      expect(await runner.runUntilCaughtUp()).toMatchObject({ batches: 1 });
      spinning = false;
      return seen;
    };
    const unbroken = await turnsAtStreamReads(1_000_000);
    expect(unbroken.length).toBeGreaterThan(1);
    expect(new Set(unbroken).size).toBe(1); // the control: without yields the loop never turns there
    const sliced = await turnsAtStreamReads(1);
    expect(new Set(sliced).size).toBe(sliced.length);
    expect(await viewContents(views.analytics)).toEqual(uninterrupted);
  });

  it('derives on worker threads, or reads stored derivations, into exactly the rows in-thread derivation gives', async () => {
    const derived = async (derivations: ArticleDerivations): Promise<Record<string, unknown[]>> => {
      const runner = new ProjectionRunner(views.store, views.analytics, { derivations, now: NOW });
      // Every document built again (the stored ones are of the current format) and compared by its bytes.
      await runner.rebuild({ regenerateDocuments: true });
      await runner.runUntilCaughtUp();
      return viewContents(views.analytics);
    };
    const inThread = await derived(new ArticleDerivations());
    expect(inThread.current.some((r) => (r as { doc: string }).doc.includes('<a class='))).toBe(true); // derived html
    const pool = new DerivationPool(2);
    const path = join(views.dir, 'derivations.sqlite3');
    try {
      const first = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
      expect(await derived(first)).toEqual(inThread);
      expect(pool.derived).toBeGreaterThan(0);
      expect(first.counts.derived).toBe(pool.derived);
      // A rebuild in a new process: nothing in memory, everything from the store, nothing derived.
      const rebuild = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
      expect(await derived(rebuild)).toEqual(inThread);
      expect(rebuild.counts).toEqual({
        memory: expect.any(Number),
        stored: first.counts.derived,
        derived: 0,
        failed: 0,
      });
      await first.close();
      await rebuild.close();
    } finally {
      await pool.close();
    }
  });
});
