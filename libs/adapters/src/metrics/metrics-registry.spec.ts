import { Histogram, Registry } from 'prom-client';
import { counter, hotCounter, hotHistogram, metricsRegistry } from './metrics-registry';

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

describe('HotHistogram', () => {
  it("reads exactly as prom-client's Histogram given the same observations", async () => {
    const buckets = [0.001, 0.01, 0.1];
    const registry = new Registry();
    const plain = new Histogram({
      name: 'okapi_test_h',
      help: 'H.',
      labelNames: ['route', 'status'],
      buckets,
      registers: [registry],
    });
    const hot = hotHistogram('okapi_test_hot_h', 'H.', ['route', 'status'], buckets);
    for (const [route, status, v] of [
      ['/a', '200', 0.0005],
      ['/a', '200', 0.001],
      ['/a', '200', 0.05],
      ['/b', '404', 7],
    ] as const) {
      plain.labels(route, status).observe(v);
      hot.labels(route, status).observe(v);
    }
    const hotText = (await metricsRegistry.getSingleMetricAsString('okapi_test_hot_h')).replace(
      /okapi_test_hot_h/g,
      'okapi_test_h',
    );
    expect(hotText).toBe(await registry.getSingleMetricAsString('okapi_test_h'));
    expect(hotText).toContain('okapi_test_h_bucket{le="0.01",route="/a",status="200"} 2');
  });
});
