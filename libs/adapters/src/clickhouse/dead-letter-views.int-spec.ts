import { join } from 'node:path';
import { RecordedEvent, RevisionCreatedData } from '@okapi/domain';
import { aPageAppend, REFUSED_BY_CLICKHOUSE } from '@okapi/testing';
import { DeadLetterStore } from '@okapi/projections';
import { SqliteDeadLetterStore } from '../dead-letters/sqlite-dead-letter.store';
import { ClickHouseDeadLetterStore } from '../dead-letters/clickhouse-dead-letter.store';
import { metricsRegistry } from '../metrics/metrics-registry';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { storeOnEngine } from './testing/store-on-engine.fixture';

jest.setTimeout(120_000);

const NOW = () => '2026-12-04T18:00:00Z';
const GOOD = 1000;

/**
 * The views' dead letters on both engines (chDB with the embedded SQLite letter store, the
 * ClickHouse server with the cluster's table): a poison event is set aside and the next 1,000
 * land; a row the engine refuses is found by bisection; an engine that is down is never blamed
 * on an event; a retry after the fix lands the poisoned event and removes its letter.
 */
describeEachEngine('a poison event never stalls the views', (harness) => {
  let letters: DeadLetterStore;
  const views = storeOnEngine(harness, { prefix: 'okapi-dead-letter-', beforeClose: () => letters.close() });
  let broken = true;
  const inspect = (e: RecordedEvent) => {
    if (broken && e.type === 'RevisionCreated' && e.data.pageId === 1) throw new Error('projection bug on page 1');
  };
  const runner = () =>
    new ProjectionRunner(views.store, views.analytics, { batchEvents: 250, now: NOW, deadLetters: letters, inspect });
  const count = async (sql: string) => Number((await views.analytics.query<{ n: number | string }>(sql))[0].n);

  beforeAll(async () => {
    letters =
      harness().kind === 'chdb'
        ? new SqliteDeadLetterStore(join(views.dir, 'dead-letters.sqlite3'))
        : new ClickHouseDeadLetterStore(views.analytics);
    const page = (pageId: number, overrides: Partial<RevisionCreatedData> = {}) =>
      aPageAppend(pageId, { wiki: 'testwiki', ...overrides });
    // Offset 1: a projection throws on it. Offset 2: a row ClickHouse refuses (UInt64 -1).
    await views.store.append([page(1), page(2, REFUSED_BY_CLICKHOUSE)]);
    await views.store.append(Array.from({ length: GOOD }, (_, i) => page(1000 + i)));
  });

  it('an engine that is down fails the batch (retried later): nothing is dead-lettered', async () => {
    const down = new Proxy(views.analytics, {
      get(target, key, receiver) {
        if (key === 'insertJsonEachRow' || key === 'query' || key === 'exec')
          return () =>
            Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }));
        return Reflect.get(target, key, receiver);
      },
    });
    const r = new ProjectionRunner(views.store, down, { batchEvents: 250, now: NOW, deadLetters: letters, inspect });
    await expect(r.runOnce()).rejects.toThrow(/ECONNREFUSED/);
    expect(await letters.list()).toEqual([]);
  });

  it('sets the poison events aside and lands the 1,000 good events after them', async () => {
    const result = await runner().runUntilCaughtUp();
    expect(result.events).toBe(GOOD + 2);
    expect(await count('SELECT count() AS n FROM revisions FINAL')).toBe(GOOD);
    expect(await count('SELECT count() AS n FROM (SELECT * FROM articles_current FINAL) WHERE deleted = 0')).toBe(GOOD);
    expect(await count('SELECT count() AS n FROM revisions FINAL WHERE page_id IN (1, 2)')).toBe(0);
    expect(await count(`SELECT max(last_offset) AS n FROM projection_checkpoints`)).toBe(GOOD + 2);

    const listed = await letters.list('views');
    expect(listed.map((l) => [l.consumer, l.offset, l.stream, l.eventType, l.attempts])).toEqual([
      ['views', 1, 'page-testwiki-1', 'RevisionCreated', 1],
      ['views', 2, 'page-testwiki-2', 'RevisionCreated', 1],
    ]);
    expect(listed[0].error).toBe('projection bug on page 1');
    expect(listed[1].error).toMatch(/Unsigned type must not contain '-'/);
    expect(listed[0].at).toBe(NOW());
    expect(await letters.counts()).toEqual({ views: 2 });
    expect(await metricsRegistry.getSingleMetricAsString('okapi_dead_letters_total')).toMatch(
      /okapi_dead_letters_total\{consumer="views"\} [1-9]/,
    );
  });

  it('a retry after the fix lands the poisoned event and removes its letter; the still-broken one stays', async () => {
    broken = false;
    const outcome = await runner().retry((await letters.list('views')).map((l) => l.offset));
    expect(outcome.landed).toEqual([1]);
    expect(outcome.failed.map((f) => f.offset)).toEqual([2]);
    expect(await count('SELECT count() AS n FROM revisions FINAL')).toBe(GOOD + 1);
    expect(
      await count('SELECT count() AS n FROM (SELECT * FROM articles_current FINAL) WHERE deleted = 0 AND page_id = 1'),
    ).toBe(1);
    expect((await letters.list()).map((l) => [l.offset, l.attempts])).toEqual([[2, 2]]);
    expect(await letters.counts()).toEqual({ views: 1 });
  });
});
