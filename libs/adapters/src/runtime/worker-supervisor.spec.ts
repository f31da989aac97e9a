import { must } from '@okapi/domain';
import { metricsRegistry } from '../metrics/metrics-registry';
import { Worker } from './runtime';
import { WorkerSupervisor } from './worker-supervisor';
import { promised } from '../errors/promised';

/** A worker whose first `failures` starts throw; records what happened to it in `events`. */
function aWorker(name: string, events: string[], failures = 0): Worker {
  let attempts = 0;
  return {
    name,
    start: () =>
      promised(() => {
        attempts++;
        if (attempts <= failures) {
          events.push(`${name} failed`);
          throw new Error(`${name} store not reachable`);
        }
        events.push(`${name} started`);
      }),
    stop() {
      events.push(`${name} stopped`);
      return Promise.resolve();
    },
  };
}

/** A worker whose loop throws `crashes` times shortly after it starts, then runs until stopped. */
function aCrashingWorker(name: string, crashes: number, events: string[] = []): Worker {
  let lives = 0;
  let loop: Promise<void> = Promise.resolve();
  let end: (() => void) | undefined;
  return {
    name,
    start() {
      lives++;
      events.push(`${name} started`);
      const life = lives;
      loop = new Promise<void>((resolve, reject) => {
        end = resolve;
        if (life <= crashes) setTimeout(() => reject(new Error(`${name} lost its connection (${life})`)), 5);
      });
      loop.catch(() => undefined);
      return Promise.resolve();
    },
    finished: () => loop,
    stop() {
      events.push(`${name} stopped`);
      end?.();
      return Promise.resolve();
    },
  };
}

const restarts = async (worker: string): Promise<number | undefined> => {
  const metric = await metricsRegistry.getSingleMetric('okapi_worker_restarts_total')?.get();
  return metric?.values.find((v) => v.labels.worker === worker)?.value;
};

const waitUntil = async (cond: () => boolean, ms = 5_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('WorkerSupervisor', () => {
  it('retries a failing start with backoff and keeps the start order', async () => {
    const events: string[] = [];
    const s = new WorkerSupervisor([aWorker('a', events, 2), aWorker('b', events)], { backoff: { initialMs: 1 } });
    expect(s.ready()).toBe(false);
    await s.start();
    expect(events).toEqual(['a failed', 'a failed', 'a started', 'b started']);
    expect(s.ready()).toBe(true);
    expect(s.snapshot()).toEqual({
      a: { state: 'running', restarts: 2, lastError: 'a store not reachable' },
      b: { state: 'running', restarts: 0 },
    });
    await s.stop();
  });

  it('restarts a worker whose loop dies after start, with growing delays, and counts it', async () => {
    const events: string[] = [];
    const log: string[] = [];
    const s = new WorkerSupervisor([aCrashingWorker('crashy', 3, events)], {
      backoff: { initialMs: 20, maxMs: 80 },
      log: (line) => log.push(line),
    });
    await s.start();
    await waitUntil(() => s.snapshot().crashy.restarts === 3 && s.snapshot().crashy.state === 'running');
    expect(s.snapshot().crashy).toEqual({ state: 'running', restarts: 3, lastError: 'crashy lost its connection (3)' });
    // each life is cleaned up before the next one starts
    expect(events).toEqual(
      Array.from({ length: 4 }, (_, i) => (i < 3 ? ['crashy started', 'crashy stopped'] : ['crashy started'])).flat(),
    );
    const delays = log.map((l) => Number(must(/in (\d+) ms/.exec(l), l)[1]));
    expect(delays[0]).toBeGreaterThanOrEqual(10); // half-jittered: [d/2, d]
    expect(delays[2]).toBeGreaterThanOrEqual(40); // d doubled twice
    expect(delays.every((d) => d <= 80)).toBe(true); // capped
    expect(await restarts('crashy')).toBe(3);
    await s.stop();
    expect(events[events.length - 1]).toBe('crashy stopped');
  });

  it('reports the failing worker and its error while it waits to restart', async () => {
    const s = new WorkerSupervisor([aWorker('views', [], 1_000)], { backoff: { initialMs: 60_000 } });
    void s.start();
    await new Promise((r) => setImmediate(r));
    expect(s.ready()).toBe(false);
    expect(s.snapshot().views).toEqual({ state: 'restarting', restarts: 1, lastError: 'views store not reachable' });
    await s.stop(); // does not wait out the backoff
  });

  it('stops only the started workers, in reverse order', async () => {
    const events: string[] = [];
    const s = new WorkerSupervisor([aWorker('a', events), aWorker('b', events), aWorker('c', events, 1_000)], {
      backoff: { initialMs: 60_000 },
    });
    void s.start();
    await new Promise((r) => setTimeout(r, 10));
    await s.stop();
    expect(events).toEqual(['a started', 'b started', 'c failed', 'b stopped', 'a stopped']);
  });
});
