// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { HourlyVersion } from '@okapi/projections';
import { Analytics } from './analytics';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { seedStore, storeOnEngine } from './testing/views-store.fixture';

jest.setTimeout(120_000);

const NOW = () => '2026-12-01T00:00:00Z';

/** Documents no live current row and no hourly row names (what the sweep deletes). */
async function orphans(analytics: Analytics): Promise<number> {
  const [row] = await analytics.query<{ n: number }>(
    `SELECT count() AS n FROM article_documents
     WHERE (wiki, page_id, version) NOT IN (SELECT wiki, page_id, version FROM articles_current FINAL WHERE deleted = 0)
       AND (wiki, page_id, version) NOT IN (SELECT wiki, page_id, version FROM article_versions_hourly FINAL)`,
  );
  return row.n;
}

/** Every document the read model serves: lookups by name, snapshots, hourly batches. */
async function served(analytics: Analytics) {
  const model = analytics.readModel;
  const names = await analytics.query<{ name: string }>('SELECT DISTINCT name FROM articles_current ORDER BY name');
  const lookups = await Promise.all(names.map((n) => model.findCurrentByName({ name: n.name, limit: 10 })));
  const snapshots: string[] = [];
  for (const p of await model.listWikiNamespaces())
    for await (const d of model.streamCurrent(p.wiki, p.namespace)) snapshots.push(d);
  const hours = await analytics.query<{ h: string }>(
    "SELECT DISTINCT formatDateTime(hour, '%Y-%m-%dT%H:00:00Z') AS h FROM article_versions_hourly ORDER BY h",
  );
  const batches: HourlyVersion[] = [];
  for (const { h } of hours) for await (const v of model.streamHour(h)) batches.push(v);
  return { lookups, snapshots, batches };
}

/** Mutations run in the background on both engines (18.16 cannot wait for one): poll until `done`. */
async function eventually(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out waiting for the mutation');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describeEachEngine('documents no row names any more (orphans) are swept', (harness) => {
  const views = storeOnEngine(harness, { prefix: 'okapi-orphans-', open: seedStore });

  it('leaves no orphan after two sweeps, and readers answer exactly as before', async () => {
    // One event per batch: a page edited twice within an hour leaves its first document behind.
    const runner = new ProjectionRunner(views.store, views.analytics, { now: NOW, batchEvents: 1 });
    await runner.runUntilCaughtUp();
    const left = await orphans(views.analytics);
    expect(left).toBeGreaterThan(0);
    const before = await served(views.analytics);
    expect(before.snapshots.length).toBeGreaterThanOrEqual(2);

    expect(await runner.sweepOrphanDocuments()).toBe(0); // records how far the next sweep may go
    expect(await orphans(views.analytics)).toBe(left);
    expect(await runner.sweepOrphanDocuments()).toBe(left);
    await eventually(async () => (await orphans(views.analytics)) === 0);

    const [{ n }] = await views.analytics.query<{ n: number }>('SELECT count() AS n FROM article_documents');
    expect(n).toBeGreaterThan(0);
    expect(await served(views.analytics)).toEqual(before);
    expect(await runner.sweepOrphanDocuments()).toBe(0); // nothing left: no mutation queued
  });
});
