// @real-data
import { join } from 'node:path';
import { EventStore } from '@okapi/domain';
import { makeTempDir, TempDir } from '@okapi/test-support';
import { Analytics } from '@okapi/adapters/clickhouse/analytics';
import { ProjectionRunner } from '@okapi/adapters/clickhouse/projection-runner';
import { describeEachEngine } from '@okapi/adapters/clickhouse/testing/analytics-engines.fixture';
import { PEAR, seedStore } from '@okapi/adapters/clickhouse/testing/views-store.fixture';
import { BulkFileStore } from '@okapi/adapters/storage/bulk-file-store';
import { ConsoleReadService } from './console-read.service';
import { DOCUMENTED_TABLES, schemaSql } from './console.queries';

jest.setTimeout(60_000);

// The real XML fixtures (Pear, Çullu, Agdam and its talk page), then an IP blanking Pear
// ("PEARS SUCK", 12:00) and ClueBot NG restoring it (12:03: an identity revert).
const VANDAL = 900000001;
const RESTORE = 900000002;
const PEAR_ORIGINAL = 638548877;

describeEachEngine('console queries', (harness) => {
  let tmp: TempDir;
  let store: EventStore;
  let analytics: Analytics;
  let read: ConsoleReadService;

  beforeAll(async () => {
    tmp = makeTempDir('okapi-console-');
    analytics = await harness().open();
    store = await seedStore(join(tmp.path, 'events.sqlite3'), analytics);
    await new ProjectionRunner(store, analytics).runUntilCaughtUp();
    read = new ConsoleReadService(analytics, store, new BulkFileStore(tmp.path));
  });
  afterAll(async () => {
    await analytics.close();
    await store.close();
    await harness().destroy();
    tmp.remove();
  });

  it('lists the wikis and namespaces present, and the head', async () => {
    const overview = await read.overview();
    expect(overview.head).toBe(Number(await store.head()));
    expect(overview.wikis.map((w) => [w.wiki, w.namespace])).toEqual([
      ['enwiki', 0],
      ['enwiki', 1],
    ]);
  });

  it('counts edits and flagged edits per minute, each revision once', async () => {
    const rates = await read.rates(60, Date.parse('2024-05-01T12:30:00Z'));
    expect(rates.minutes).toHaveLength(60);
    const enwiki = rates.wikis.find((w) => w.wiki === 'enwiki')!;
    const at = (iso: string) => rates.minutes.indexOf(Date.parse(iso));
    expect(enwiki.edits[at('2024-05-01T12:00:00Z')]).toBe(1);
    expect(enwiki.flagged[at('2024-05-01T12:00:00Z')]).toBe(1);
    expect(enwiki.edits[at('2024-05-01T12:03:00Z')]).toBe(1);
    expect(enwiki.flagged[at('2024-05-01T12:03:00Z')]).toBe(0);
    expect(enwiki.edits.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('shows the flagged blanking with its reasons, confirmed by the revert, under its current name', async () => {
    const [flagged] = await read.flagged({ status: 'confirmed', limit: 10 });
    expect(flagged).toMatchObject({
      wiki: 'enwiki',
      page_id: PEAR,
      revision_id: VANDAL,
      flag: 'suspect',
      editor: { name: '192.0.2.1', is_anonymous: true },
      reverted_by: { revision_id: RESTORE, timestamp: '2024-05-01T12:03:00Z' },
      current_name: 'Pear',
    });
    expect(flagged.score.probability).toBeGreaterThanOrEqual(0.5);
    expect(flagged.score.reasons.length).toBeGreaterThan(0);
    expect((await read.flagged({ status: 'unconfirmed', limit: 10 })).map((r) => r.revision_id)).not.toContain(VANDAL);
    expect(await read.flagged({ wiki: 'dewiki', status: 'any', limit: 10 })).toEqual([]);
  });

  it("gives a page's history newest first, with the revert marked on both sides", async () => {
    const history = await read.history('enwiki', PEAR, 10);
    expect(history.map((r) => r.revision_id)).toEqual([RESTORE, VANDAL, PEAR_ORIGINAL]);
    expect(history[0].restores_revision_id).toBe(PEAR_ORIGINAL);
    expect(history[1].reverted_by?.revision_id).toBe(RESTORE);
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
    const rows = await analytics.query<{ table: string; name: string }>(schemaSql());
    for (const table of DOCUMENTED_TABLES) expect(rows.filter((r) => r.table === table).length).toBeGreaterThan(2);
    expect(rows.some((r) => r.table === 'revisions' && r.name === 'score_reasons')).toBe(true);
  });
});
