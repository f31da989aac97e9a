import { HttpStatusError } from './backoff';
import { retrying } from './retrying';

describe('retrying', () => {
  const failing = (errors: Error[]) => {
    let calls = 0;
    const attempt = (): Promise<string> => {
      if (calls < errors.length) return Promise.reject(errors[calls++]);
      calls++;
      return Promise.resolve(`ok after ${calls}`);
    };
    return { attempt, calls: () => calls };
  };

  it("waits what the failure dictates (a server's Retry-After) instead of the schedule, capped", async () => {
    const delays: number[] = [];
    const { attempt } = failing([new HttpStatusError(503, 40), new HttpStatusError(429, 60_000), new Error('reset')]);
    const started = Date.now();
    const result = await retrying(attempt, {
      backoff: { initialMs: 1, maxMs: 2, maxRetryAfterMs: 50 },
      onRetry: (_e, _n, delay) => delays.push(delay),
    });
    expect(result).toBe('ok after 4');
    expect(delays.slice(0, 2)).toEqual([40, 50]);
    expect(delays[2]).toBeLessThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(88);
  });

  it('throws the last failure after maxAttempts, or at once when it is not retryable', async () => {
    const bounded = failing([new Error('a'), new Error('b'), new Error('c'), new Error('d')]);
    await expect(retrying(bounded.attempt, { maxAttempts: 3, backoff: { initialMs: 1 } })).rejects.toThrow('c');
    expect(bounded.calls()).toBe(3);
    const fatal = failing([new HttpStatusError(404)]);
    const retryable = (e: Error) => !(e instanceof HttpStatusError && e.status === 404);
    await expect(retrying(fatal.attempt, { retryable })).rejects.toThrow('HTTP 404');
    expect(fatal.calls()).toBe(1);
  });

  it('an attempt that progressed starts the backoff over', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    const delays: number[] = [];
    let n = 0;
    await retrying(
      (progressed) => {
        if (++n === 3) progressed();
        return n < 5 ? Promise.reject(new Error(`fail ${n}`)) : Promise.resolve();
      },
      { backoff: { initialMs: 4, maxMs: 1000 }, onRetry: (_e, _n, delay) => delays.push(delay) },
    );
    expect(delays).toEqual([3, 7, 3, 7]);
    jest.restoreAllMocks();
  });

  it('an abort during the wait throws the last failure without another attempt', async () => {
    const abort = new AbortController();
    const { attempt, calls } = failing([new HttpStatusError(429, 60_000), new Error('never')]);
    const run = retrying(attempt, { signal: abort.signal, onRetry: () => setImmediate(() => abort.abort()) });
    const started = Date.now();
    await expect(run).rejects.toThrow('HTTP 429');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls()).toBe(1);
  });
});
