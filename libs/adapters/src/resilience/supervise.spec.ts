import { HttpStatusError } from './backoff';
import { supervise } from './supervise';

describe('supervise', () => {
  it('restarts a loop that throws or returns on its own, and stops it (and its backoff) on demand', async () => {
    const crashes: string[] = [];
    let lives = 0;
    const s = supervise(
      async (signal, running) => {
        lives++;
        running();
        if (lives === 1) throw new Error('boom');
        if (lives === 2) return; // ended by itself: a crash too
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      },
      { initialMs: 1, maxMs: 4 },
      { onCrash: (e, restarts) => crashes.push(`${restarts}: ${e.message}`) },
    );
    await s.started;
    while (lives < 3) await new Promise((r) => setTimeout(r, 2));
    expect(crashes).toEqual(['1: boom', '2: the loop ended by itself']);
    expect(s.status()).toEqual({ state: 'running', restarts: 2, lastError: 'the loop ended by itself' });
    await s.stop();
    expect(s.status().state).toBe('stopped');
  });

  it('a stop during a long backoff returns at once', async () => {
    const s = supervise(() => Promise.reject(new Error('down')), { initialMs: 60_000 });
    await new Promise((r) => setImmediate(r));
    expect(s.status()).toMatchObject({ state: 'restarting', restarts: 1 });
    const t = Date.now();
    await s.stop();
    expect(Date.now() - t).toBeLessThan(1_000);
  });

  it("a crash that dictates its delay (a server's Retry-After) waits that instead of the backoff", async () => {
    const delays: number[] = [];
    let lives = 0;
    const s = supervise(
      async (signal) => {
        if (++lives === 1) throw new HttpStatusError(429, 30);
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      },
      { initialMs: 1, maxMs: 2 },
      { onCrash: (_e, _r, delay) => delays.push(delay) },
    );
    const started = Date.now();
    while (lives < 2) await new Promise((r) => setTimeout(r, 2));
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
    expect(delays).toEqual([30]);
    await s.stop();
  });
});
