import { Worker } from '@okapi/adapters/runtime/runtime';
import { WorkerSupervisor } from './worker-supervisor';

/** A worker whose first `failures` starts throw; records what happened to it in `events`. */
function aWorker(name: string, events: string[], failures = 0): Worker {
  let attempts = 0;
  return {
    name,
    async start() {
      attempts++;
      if (attempts <= failures) {
        events.push(`${name} failed`);
        throw new Error(`${name} store not reachable`);
      }
      events.push(`${name} started`);
    },
    async stop() {
      events.push(`${name} stopped`);
    },
  };
}

describe('WorkerSupervisor', () => {
  it('retries a failing start with backoff and keeps the start order', async () => {
    const events: string[] = [];
    const s = new WorkerSupervisor([aWorker('a', events, 2), aWorker('b', events)], { backoffMs: 1 });
    expect(s.ready()).toBe(false);
    await s.start();
    expect(events).toEqual(['a failed', 'a failed', 'a started', 'b started']);
    expect(s.ready()).toBe(true);
    expect(s.snapshot()).toEqual({ a: { state: 'running', failures: 0 }, b: { state: 'running', failures: 0 } });
  });

  it('reports the failing worker and its error while it retries', async () => {
    const s = new WorkerSupervisor([aWorker('views', [], 1_000)], { backoffMs: 60_000 });
    void s.start();
    await new Promise((r) => setImmediate(r));
    expect(s.ready()).toBe(false);
    expect(s.snapshot().views).toEqual({ state: 'retrying', failures: 1, error: 'views store not reachable' });
    await s.stop(); // does not wait out the backoff
  });

  it('stops only the started workers, in reverse order', async () => {
    const events: string[] = [];
    const s = new WorkerSupervisor([aWorker('a', events), aWorker('b', events), aWorker('c', events, 1_000)], {
      backoffMs: 60_000,
    });
    void s.start();
    await new Promise((r) => setTimeout(r, 10));
    await s.stop();
    expect(events).toEqual(['a started', 'b started', 'c failed', 'b stopped', 'a stopped']);
  });
});
