import { errorOf } from './api';
import { parseRetryAfter, reconnectDelayMs } from './backoff';

describe('reconnectDelayMs', () => {
  it('doubles per failure up to a cap, jittered within the upper half of each step', () => {
    expect([1, 2, 3, 10].map((f) => reconnectDelayMs(f, undefined, () => 0))).toEqual([500, 1000, 2000, 7500]);
    expect([1, 2, 3, 10].map((f) => reconnectDelayMs(f, undefined, () => 1))).toEqual([1000, 2000, 4000, 15_000]);
  });

  it('spreads tabs that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => reconnectDelayMs(3)));
    expect(delays.size).toBeGreaterThan(1);
  });

  it("waits at least the server's Retry-After, spread over the second after it, capped at 5 min", () => {
    expect(reconnectDelayMs(1, 10_000, () => 0)).toBe(10_000);
    expect(reconnectDelayMs(1, 10_000, () => 1)).toBe(11_000);
    // A Retry-After shorter than the backoff does not shorten it.
    expect(reconnectDelayMs(4, 1000, () => 0)).toBe(4000);
    expect(reconnectDelayMs(1, 3_600_000, () => 0)).toBe(300_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    const now = Date.parse('2026-12-05T03:00:00Z');
    expect(parseRetryAfter('Sat, 05 Dec 2026 03:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 02:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it("is carried by the ApiError of a shed request (the server's 503)", async () => {
    const res = new Response(JSON.stringify({ status: 503, message: 'overloaded', code: 'server.overloaded' }), {
      status: 503,
      headers: { 'Retry-After': '2' },
    });
    const err = await errorOf(res);
    expect(err).toMatchObject({ status: 503, code: 'server.overloaded', retryAfterMs: 2000 });
  });
});
