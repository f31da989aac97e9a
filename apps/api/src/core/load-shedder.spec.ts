import { MAX_RETRY_AFTER_S, RetryAfterSpread } from './load-shedder';

describe('RetryAfterSpread', () => {
  function spreadAt(): { policy: RetryAfterSpread; clock: { t: number } } {
    const clock = { t: 0 };
    let r = 0;
    // Cycles 0, 0.25, 0.5, 0.75, 0.999: the draw covers 1..spread.
    const random = (): number => [0, 0.25, 0.5, 0.75, 0.999][r++ % 5];
    return { policy: new RetryAfterSpread(() => clock.t, random), clock };
  }

  it('asks for 1 s while refusals are few', () => {
    const { policy, clock } = spreadAt();
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < 100; i++) policy.admit();
      for (let i = 0; i < 10; i++) expect(policy.refuse()).toBe(1);
      clock.t += 1000;
    }
  });

  it('doubles its spread each second the server refuses more than a quarter of what it admits, up to the cap', () => {
    const { policy, clock } = spreadAt();
    const seen: number[] = [];
    for (let s = 0; s < 7; s++) {
      policy.admit();
      const draws = Array.from({ length: 5 }, () => policy.refuse());
      seen.push(policy.current);
      expect(Math.min(...draws)).toBe(1);
      expect(Math.max(...draws)).toBe(policy.current);
      clock.t += 1000;
    }
    expect(seen).toEqual([1, 2, 4, MAX_RETRY_AFTER_S, MAX_RETRY_AFTER_S, MAX_RETRY_AFTER_S, MAX_RETRY_AFTER_S]);
    expect(MAX_RETRY_AFTER_S).toBe(4);
  });

  it('falls back by one a second once the overload passes, and to 1 after a quiet second', () => {
    const { policy, clock } = spreadAt();
    for (let s = 0; s < 4; s++) {
      policy.refuse();
      clock.t += 1000;
    }
    expect(policy.current).toBe(4); // the fourth overloaded second, counted as the fifth opens
    for (let i = 0; i < 10; i++) policy.admit();
    clock.t += 1000;
    expect(policy.current).toBe(3);
    clock.t += 2500;
    expect(policy.current).toBe(1);
  });
});
