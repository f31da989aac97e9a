import { PageCommandHandler } from '@okapi/domain';
import { ProjectionRunner } from '@okapi/adapters/clickhouse';
import { describeEachEngine } from '@okapi/adapters/clickhouse/testing/analytics-engines.fixture';
import { storeOnEngine } from '@okapi/adapters/clickhouse/testing/store-on-engine.fixture';
import { aRecordRevision, waitFor } from '@okapi/testing';
import { ViewsWorker } from './views.worker';

jest.setTimeout(60_000);

describeEachEngine('views worker following the store live', (harness) => {
  let worker: ViewsWorker;
  // Lookup cache on: coherence is under test.
  const views = storeOnEngine(harness, {
    prefix: 'okapi-views-worker-',
    cacheBytes: 16 * 1024 * 1024,
    beforeClose: () => worker.stop(),
  });
  let handler: PageCommandHandler;

  beforeAll(async () => {
    handler = new PageCommandHandler(views.store, { suspectThreshold: 0.5 });
    worker = new ViewsWorker(new ProjectionRunner(views.store, views.analytics), 20);
    await worker.start();
  });

  const currentRevision = async (): Promise<number | undefined> => {
    const [doc] = await views.analytics.readModel.findCurrentByName({ name: 'Okapi', limit: 1 });
    return doc ? (JSON.parse(doc) as { version: { identifier: number } }).version.identifier : undefined;
  };

  it('projects new events within moments, and cached lookups follow each edit', async () => {
    expect(await currentRevision()).toBeUndefined();
    await handler.handle([aRecordRevision({ revisionId: 1, timestamp: '2024-05-01T12:00:00Z' })]);
    await waitFor(async () => (await currentRevision()) === 1, { timeoutMs: 10_000, message: 'revision 1 visible' });
    // The lookup above is cached now; the next edit must evict it, not wait for the ttl.
    await handler.handle([
      aRecordRevision({ revisionId: 2, parentId: 1, timestamp: '2024-05-01T12:01:00Z', sha1: 'two' }),
    ]);
    await waitFor(async () => (await currentRevision()) === 2, {
      timeoutMs: 4_000,
      message: 'revision 2 visible through the cache',
    });
  });

  it('reports zero lag once caught up', async () => {
    const runner = new ProjectionRunner(views.store, views.analytics);
    await waitFor(async () => (await runner.lag()).events === 0, { timeoutMs: 10_000, message: 'lag 0' });
    expect((await runner.lag()).head).toBe(Number(await views.store.head()));
  });
});
