import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's one Prometheus registry, served at /metrics. Features register their metrics
 * here through the helpers below (idempotent: asking twice for a name returns the same metric).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'okapi_' });

export function counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter;
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
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({ name, help, labelNames: [...labelNames], registers: [metricsRegistry] });
}

export function histogram(
  name: string,
  help: string,
  labelNames: readonly string[] = [],
  buckets?: number[],
): Histogram {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Histogram;
  return new Histogram({ name, help, labelNames: [...labelNames], buckets, registers: [metricsRegistry] });
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
