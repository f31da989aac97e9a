import { Backoff, parseRetryAfter } from './backoff';

describe('Backoff', () => {
  afterEach(() => jest.restoreAllMocks());

  it('grows exponentially with jitter inside [ceiling/2, ceiling], capped, and resets', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const low = new Backoff({ initialMs: 100, maxMs: 1000 });
    expect([low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([50, 100, 200, 400, 500]);
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    const high = new Backoff({ initialMs: 100, maxMs: 1000 });
    expect([high.next(), high.next()]).toEqual([99, 199]);
    expect(high.attempts).toBe(2);
    high.reset();
    expect(high.next()).toBe(99);
  });

  it("the server's Retry-After overrides the schedule, up to maxRetryAfterMs", () => {
    expect(new Backoff().next(7000)).toBe(7000);
    expect(new Backoff().next(3_600_000)).toBe(300_000);
    expect(new Backoff({ maxRetryAfterMs: 5000 }).next(7000)).toBe(5000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP-dates; ignores junk; caps at an hour', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('99999', now)).toBe(3_600_000);
  });
});
