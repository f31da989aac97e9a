import { join } from 'node:path';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { InProcessArticleBus } from '@okapi/adapters/bus';
import { Analytics } from '@okapi/adapters/clickhouse';
import { ProjectionRunner } from '@okapi/adapters/clickhouse';
import { chdbHarness } from '@okapi/adapters/clickhouse/testing/analytics-engines.fixture';
import { SqliteDeadLetterStore } from '@okapi/adapters/dead-letters';
import { ArticleDerivations } from '@okapi/adapters/derivations';
import { SqliteDerivationStore } from '@okapi/adapters/derivations';
import { metricsRegistry } from '@okapi/adapters/metrics';
import { DerivationPool } from '@okapi/adapters/wikitext';
import { UNCLOSED_TABLES } from '@okapi/adapters/wikitext/testing/pathological-wikitext';
import { Article, EventStore } from '@okapi/domain';
import { aPageAppend, makeTempDir, TempDir, waitFor } from '@okapi/testing';
import { ArticlePublisher } from './publisher/article-publisher';

jest.setTimeout(120_000);

const GOOD = 200;

/**
 * A vandal's revision that wtf_wikipedia cannot derive in any useful time, followed by good ones:
 * the views and the firehose, sharing one process's derivations as `okapi start` does, deliver
 * every event; the bad one goes out with its wikitext and without derived parts, and is recorded
 * once as a dead letter of consumer `derivation`.
 */
describe('a revision whose derivation never ends stalls neither the views nor the firehose', () => {
  let tmp: TempDir;
  let store: EventStore;
  let analytics: Analytics;
  let letters: SqliteDeadLetterStore;
  let pool: DerivationPool;
  let derivations: ArticleDerivations;
  const harness = chdbHarness();

  beforeAll(async () => {
    tmp = makeTempDir('okapi-derivation-guard-');
    store = openSqliteEventStore({ path: join(tmp.path, 'events.sqlite3') });
    analytics = await harness.open();
    letters = new SqliteDeadLetterStore(join(tmp.path, 'dead-letters.sqlite3'));
    pool = new DerivationPool({ size: 2, timeoutMs: 1000 });
    derivations = new ArticleDerivations({ pool, store: new SqliteDerivationStore(join(tmp.path, 'd.sqlite3')) });
    await store.append([aPageAppend(1, { text: UNCLOSED_TABLES })]);
    await store.append(
      Array.from({ length: GOOD }, (_, i) => aPageAppend(100 + i, { text: `Good page ${i} about [[okapi]]s.` })),
    );
  });
  afterAll(async () => {
    await derivations.close();
    await pool.close();
    await letters.close();
    await analytics.close();
    await store.close();
    await harness.destroy();
    tmp.remove();
  });

  it('delivers every event to the views and the firehose, and records the bad one', async () => {
    const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 1 << 30, maxAgeMs: 3_600_000 });
    const publisher = new ArticlePublisher(store, bus, { whenEmpty: 'beginning', deadLetters: letters, derivations });
    const runner = new ProjectionRunner(store, analytics, { batchEvents: 50, deadLetters: letters, derivations });
    await publisher.start();
    try {
      const projected = await runner.runUntilCaughtUp();
      expect(projected.events).toBe(GOOD + 1);
      await waitFor(async () => (await bus.lastPosition())?.offset === GOOD + 1, { timeoutMs: 60_000, intervalMs: 20 });
    } finally {
      await publisher.stop();
    }

    const docs = await analytics.query<{ page_id: number; doc: string }>(
      `SELECT page_id, doc FROM article_documents WHERE (wiki, page_id, version) IN
       (SELECT wiki, page_id, version FROM articles_current FINAL) ORDER BY page_id LIMIT 1 BY page_id`,
    );
    expect(docs).toHaveLength(GOOD + 1);
    const bad = JSON.parse(docs[0].doc) as Article;
    expect(bad.article_body).toEqual({ wikitext: UNCLOSED_TABLES });
    expect(bad.abstract).toBeUndefined();
    expect((JSON.parse(docs[1].doc) as Article).article_body?.html).toContain('okapi');

    const b = await bus.bounds();
    const published: Article[] = [];
    for await (const m of bus.read(b.firstSeq, b.lastSeq, 'okapi.article.>'))
      published.push(JSON.parse(m.data) as Article);
    expect(published.map((a) => a.event?.offset)).toEqual(Array.from({ length: GOOD + 1 }, (_, i) => i + 1));
    expect(published[0].article_body).toEqual({ wikitext: UNCLOSED_TABLES });
    expect(published[0]).toEqual({ ...bad, event: published[0].event });

    const listed = await letters.list();
    expect(listed.map((l) => [l.consumer, l.offset, l.eventType])).toEqual([['derivation', 1, 'RevisionCreated']]);
    expect(listed[0].error).toMatch(/derived parts left out: derivation exceeded its deadline of 1000 ms/);
    expect(pool.timedOut).toBe(1); // derived once for both consumers, then answered from the cache
    expect(await metricsRegistry.getSingleMetricAsString('okapi_dead_letters_total')).toMatch(
      /okapi_dead_letters_total\{consumer="derivation"\} 1/,
    );
  });
});
