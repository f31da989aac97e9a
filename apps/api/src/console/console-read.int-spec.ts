// @real-data
import { EventStore, PageCommandHandler, RevisionCreated, START, must } from '@okapi/domain';
import { aRecordRevision } from '@okapi/testing';
import { ProjectionRunner } from '@okapi/adapters/clickhouse';
import { describeEachEngine } from '@okapi/adapters/clickhouse/testing/analytics-engines.fixture';
import { PEAR, seedStore, storeOnEngine } from '@okapi/adapters/clickhouse/testing/views-store.fixture';
import { BulkFileStore } from '@okapi/adapters/storage';
import { ConsoleReadService } from './console-read.service';
import { DOCUMENTED_TABLES, schemaSql } from './console-queries';

jest.setTimeout(60_000);

// The real XML fixtures (Pear, Çullu, Agdam and its talk page), then an IP blanking Pear
// ("PEARS SUCK", 12:00) and ClueBot NG restoring it (12:03: an identity revert). On top, a second
// episode whose flag does not depend on the scoring model of the day: an IP replaces the text at
// 12:10, recorded at threshold 0 (flagged whatever its score), and ClueBot NG restores the
// previous text at 12:12, recorded at threshold 1 (never flagged): the revert confirms the flag.
const VANDAL = 900000001;
const RESTORE = 900000002;
const FLAGGED = 900000003;
const CONFIRMING = 900000004;
const PEAR_ORIGINAL = 638548877;
const RESTORED_SHA1 = '1ywwm7o751gkr3fj9l7rqpl0s8o87b1';

async function seedFlaggedEpisode(store: EventStore): Promise<void> {
  const pear = { wiki: 'enwiki', pageId: PEAR, namespace: 0, title: 'Pear', receivedAt: '2024-05-01T12:20:00Z' };
  await new PageCommandHandler(store, { suspectThreshold: 0 }).handle([
    aRecordRevision({
      ...pear,
      revisionId: FLAGGED,
      parentId: RESTORE,
      timestamp: '2024-05-01T12:10:00Z',
      sha1: 'vandalised-again',
      size: 14,
      text: 'PEAR PEAR PEAR',
      editor: { name: '198.51.100.7', isAnonymous: true, isBot: false },
    }),
  ]);
  await new PageCommandHandler(store, { suspectThreshold: 1.01 }).handle([
    aRecordRevision({
      ...pear,
      revisionId: CONFIRMING,
      parentId: FLAGGED,
      timestamp: '2024-05-01T12:12:00Z',
      sha1: RESTORED_SHA1,
      size: 25986,
      text: 'restored',
      editor: { id: 1, name: 'ClueBot NG', isAnonymous: false, isBot: true },
    }),
  ]);
}

async function recordedRevision(store: EventStore, revisionId: number): Promise<RevisionCreated['data']> {
  const events = await store.readAll({ from: START, limit: 10_000 });
  const found = events.find((e) => e.type === 'RevisionCreated' && e.data.revisionId === revisionId);
  return (found as RevisionCreated).data;
}

describeEachEngine('console queries', (harness) => {
  const views = storeOnEngine(harness, { prefix: 'okapi-console-', open: seedStore });
  let read: ConsoleReadService;

  beforeAll(async () => {
    await seedFlaggedEpisode(views.store);
    await new ProjectionRunner(views.store, views.analytics).runUntilCaughtUp();
    read = new ConsoleReadService(views.analytics, views.store, new BulkFileStore(views.dir));
  });

  it('lists the wikis and namespaces present, and the head', async () => {
    const overview = await read.overview();
    expect(overview.head).toBe(Number(await views.store.head()));
    expect(overview.wikis.map((w) => [w.wiki, w.namespace])).toEqual([
      ['enwiki', 0],
      ['enwiki', 1],
    ]);
  });

  it('counts edits and flagged edits per minute, each revision once', async () => {
    const rates = await read.rates(60, Date.parse('2024-05-01T12:30:00Z'));
    expect(rates.minutes).toHaveLength(60);
    const enwiki = must(
      rates.wikis.find((w) => w.wiki === 'enwiki'),
      'enwiki rates',
    );
    const at = (iso: string) => rates.minutes.indexOf(Date.parse(iso));
    for (const minute of ['12:00', '12:03', '12:10', '12:12'])
      expect(enwiki.edits[at(`2024-05-01T${minute}:00Z`)]).toBe(1);
    expect(enwiki.edits.reduce((a, b) => a + b, 0)).toBe(4);
    expect(enwiki.flagged[at('2024-05-01T12:10:00Z')]).toBe(1);
    expect(enwiki.flagged[at('2024-05-01T12:12:00Z')]).toBe(0);
    // Whatever the model says of the first episode, the view counts what the decider recorded.
    const suspects = await Promise.all(
      [VANDAL, RESTORE, FLAGGED, CONFIRMING].map((r) => recordedRevision(views.store, r)),
    );
    expect(enwiki.flagged.reduce((a, b) => a + b, 0)).toBe(suspects.filter((r) => r.flag === 'suspect').length);
  });

  it('shows a flagged edit with its score and reasons as recorded, confirmed by the revert, under its current name', async () => {
    const flagged = (await read.flagged({ status: 'confirmed', limit: 10 })).find((r) => r.revision_id === FLAGGED);
    const recorded = await recordedRevision(views.store, FLAGGED);
    expect(flagged).toMatchObject({
      wiki: 'enwiki',
      page_id: PEAR,
      flag: 'suspect',
      editor: { name: '198.51.100.7', is_anonymous: true },
      reverted_by: { revision_id: CONFIRMING, timestamp: '2024-05-01T12:12:00Z' },
      current_name: 'Pear',
      score: { probability: recorded.score.probability, model: recorded.score.model, reasons: recorded.score.reasons },
    });
    expect((await read.flagged({ status: 'unconfirmed', limit: 10 })).map((r) => r.revision_id)).not.toContain(FLAGGED);
    expect((await read.flagged({ status: 'any', limit: 10 })).every((r) => r.flag === 'suspect')).toBe(true);
    expect(await read.flagged({ wiki: 'dewiki', status: 'any', limit: 10 })).toEqual([]);
  });

  it("gives a page's history newest first, with the revert marked on both sides", async () => {
    const history = await read.history('enwiki', PEAR, 10);
    expect(history.map((r) => r.revision_id)).toEqual([CONFIRMING, FLAGGED, RESTORE, VANDAL, PEAR_ORIGINAL]);
    expect(history[0].restores_revision_id).toBe(RESTORE);
    expect(history[1].reverted_by?.revision_id).toBe(CONFIRMING);
    expect(history[2].restores_revision_id).toBe(PEAR_ORIGINAL);
    expect(history[3].reverted_by?.revision_id).toBe(RESTORE);
    await expect(read.history('enwiki', 1, 10)).rejects.toMatchObject({ status: 404, code: 'page.not_found' });
  });

  it('diffs a revision against its parent from the event store', async () => {
    const diff = await read.diff('enwiki', PEAR, { to: VANDAL });
    expect(diff.from?.revision_id).toBe(PEAR_ORIGINAL);
    expect(diff.from?.text).toContain('pear');
    const lines = diff.diff && 'hunks' in diff.diff ? diff.diff.hunks.flatMap((h) => h.lines) : [];
    expect(lines).toContain('+PEARS SUCK');
    expect(lines.filter((l) => l.startsWith('-')).length).toBeGreaterThan(10);
    await expect(read.diff('enwiki', PEAR, { from: 1, to: VANDAL })).rejects.toMatchObject({ status: 404 });
  });

  it('reports each projection at the head once caught up', async () => {
    const lag = await read.lag();
    expect(lag.projections.map((p) => p.projection).sort()).toEqual([
      'article_versions_hourly',
      'articles_current',
      'revisions',
    ]);
    expect(lag.projections.every((p) => p.lag === 0 && p.checkpoint === lag.head)).toBe(true);
  });

  it('describes the documented tables', async () => {
    const rows = await views.analytics.query<{ table: string; name: string }>(schemaSql());
    for (const table of DOCUMENTED_TABLES) expect(rows.filter((r) => r.table === table).length).toBeGreaterThan(2);
    expect(rows.some((r) => r.table === 'revisions' && r.name === 'score_reasons')).toBe(true);
  });
});
