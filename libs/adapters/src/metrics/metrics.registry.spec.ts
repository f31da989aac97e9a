import { counter, hotCounter, metricsRegistry } from './metrics.registry';

describe('hotCounter', () => {
  it('holds increments back until the counter is read, then reads exact', async () => {
    const c = counter('okapi_test_hot_total', 'Test counter.', ['outcome']);
    const hit = hotCounter(c, 'hit');
    const miss = hotCounter(c, 'miss');
    for (let i = 0; i < 3; i++) hit.inc();
    miss.inc();
    const values = (await c.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(values).toEqual([
      ['hit', 3],
      ['miss', 1],
    ]);
    hit.inc();
    expect(await metricsRegistry.metrics()).toContain('okapi_test_hot_total{outcome="hit"} 4');
  });
});
