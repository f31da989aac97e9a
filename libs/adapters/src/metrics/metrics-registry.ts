import { Counter, Gauge, Histogram, Metric, MetricValueWithName, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's one Prometheus registry, served at /metrics. Features register their metrics
 * here through the helpers below (idempotent: asking twice for a name returns the same metric).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'okapi_' });

/** The metric already registered under `name`, if any; asking for it as another kind is a bug. */
function registered<M>(name: string, kind: abstract new (...args: never[]) => M): M | undefined {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing === undefined || existing instanceof kind) return existing;
  throw new Error(`metric ${name} is already registered as a ${existing.constructor.name}`);
}

export function counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
  const existing = registered(name, Counter);
  if (existing) return existing;
  return new Counter({ name, help, labelNames: [...labelNames], registers: [metricsRegistry], collect: flushHot });
}

/** What the hot children of a counter hold back, handed over when the counter is read. */
const heldBack = new WeakMap<Counter, (() => void)[]>();

function flushHot(this: Counter): void {
  for (const flush of heldBack.get(this) ?? []) flush();
}

/**
 * A child of `metric` (made by `counter`) for a path taken once per request or event: `inc` adds
 * to a plain number, given to prom-client whenever the counter is read (a scrape, `get()`), so
 * what is read is exact while the hot path pays no label hashing.
 */
export function hotCounter(metric: Counter, ...labelValues: string[]): { inc(): void } {
  const child = labelValues.length ? metric.labels(...labelValues) : metric;
  let n = 0;
  const flushes = heldBack.get(metric) ?? [];
  heldBack.set(metric, flushes);
  flushes.push(() => {
    if (n === 0) return;
    child.inc(n);
    n = 0;
  });
  return {
    inc: () => {
      n++;
    },
  };
}

export function gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
  const existing = registered(name, Gauge);
  if (existing) return existing;
  return new Gauge({ name, help, labelNames: [...labelNames], registers: [metricsRegistry] });
}

export function histogram(
  name: string,
  help: string,
  labelNames: readonly string[] = [],
  buckets?: number[],
): Histogram {
  const existing = registered(name, Histogram);
  if (existing) return existing;
  return new Histogram({ name, help, labelNames: [...labelNames], buckets, registers: [metricsRegistry] });
}

/** prom-client's default buckets (its Histogram's, for histograms made without any). */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One label set of a HotHistogram: bucket counts (not cumulative), sum and count. */
class HotSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    if (i < bounds.length) this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/**
 * A histogram for a path taken once per request: `labels(...)` hands out a series whose
 * `observe` only bumps plain numbers (prom-client's own hashes and validates its label object on
 * every observation). The registry reads it like any histogram: the same exposition (cumulative
 * `_bucket` lines with `le`, then `_sum` and `_count`) as prom-client's Histogram.
 */
export class HotHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly series = new Map<string, HotSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {}

  labels(...values: string[]): { observe(value: number): void } {
    const key = values.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((n, i) => (labels[n] = values[i]));
      s = new HotSeries(labels, this.bounds);
      this.series.set(key, s);
    }
    return s;
  }

  get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: MetricValueWithName<string>[];
    aggregator: 'sum';
  }> {
    const values: MetricValueWithName<string>[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i];
        values.push({ labels: { le, ...s.labels }, value: acc, metricName: bucket });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: bucket });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  reset(): void {
    this.series.clear();
  }
}

/** A HotHistogram registered in the process's registry (idempotent, as `histogram`). */
export function hotHistogram(
  name: string,
  help: string,
  labelNames: readonly string[],
  buckets: readonly number[] = DEFAULT_BUCKETS,
): HotHistogram {
  const existing = metricsRegistry.getSingleMetric(name) as unknown;
  if (existing instanceof HotHistogram) return existing;
  const h = new HotHistogram(
    name,
    help,
    labelNames,
    [...buckets].sort((a, b) => a - b),
  );
  metricsRegistry.registerMetric(h as unknown as Metric);
  return h;
}

/** A value read at scrape time; undefined (or a failed read) leaves the last value. */
export type Sample = number | undefined | Promise<number | undefined>;

/**
 * A gauge read when /metrics is scraped, so the hot path pays nothing per event. A process runs
 * one store, one hub, one projection runner: the latest source to register a name owns it, and
 * the returned function (call it on stop) removes the metric unless another source took over.
 */
export function sampledGauge(name: string, help: string, read: () => Sample): () => void {
  metricsRegistry.removeSingleMetric(name);
  const g: Gauge = new Gauge({
    name,
    help,
    registers: [metricsRegistry],
    async collect() {
      const value = await (async () => read())().catch(() => undefined);
      if (value !== undefined) g.set(value);
    },
  });
  return () => {
    if (metricsRegistry.getSingleMetric(name) === g) metricsRegistry.removeSingleMetric(name);
  };
}
