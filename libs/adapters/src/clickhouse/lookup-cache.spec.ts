import { LookupCache } from './lookup-cache';

describe('LookupCache', () => {
  let now = 1;
  const cache = (maxBytes = 1_000_000, ttlMs = 1000): LookupCache =>
    new LookupCache({ maxBytes, ttlMs, now: () => now });
  beforeEach(() => (now = 1));

  it('returns what was cached for the same name and query', () => {
    const c = cache();
    c.set('Okapi', 'q', ['doc'], c.mark());
    expect(c.get('Okapi', 'q')).toEqual(['doc']);
    expect(c.get('Okapi', 'other')).toBeUndefined();
  });

  it('forgets a name the projector invalidated, and drops results computed across the write', () => {
    const c = cache();
    c.set('Okapi', 'q', ['old'], c.mark());
    const epoch = c.mark();
    c.invalidate(['Okapi']);
    expect(c.get('Okapi', 'q')).toBeUndefined();
    c.set('Okapi', 'q', ['raced'], epoch);
    expect(c.get('Okapi', 'q')).toBeUndefined();
  });

  it('expires entries after the ttl', () => {
    const c = cache();
    c.set('Okapi', 'q', ['doc'], c.mark());
    now = 1000;
    expect(c.get('Okapi', 'q')).toEqual(['doc']);
    now = 1002;
    expect(c.get('Okapi', 'q')).toBeUndefined();
  });

  it('evicts least recently used names past the byte budget', () => {
    const c = cache(600);
    c.set('a', 'q', ['x'.repeat(100)], c.mark());
    c.set('b', 'q', ['x'.repeat(100)], c.mark());
    c.get('a', 'q');
    c.set('c', 'q', ['x'.repeat(100)], c.mark());
    expect(c.get('a', 'q')).toBeDefined();
    expect(c.get('b', 'q')).toBeUndefined();
    expect(c.get('c', 'q')).toBeDefined();
  });

  it("counts every query's results of a name against the budget", () => {
    const c = cache(600);
    c.set('a', 'q1', ['x'.repeat(100)], c.mark());
    c.set('b', 'q', ['x'.repeat(100)], c.mark());
    c.set('a', 'q2', ['x'.repeat(100)], c.mark());
    expect(c.get('b', 'q')).toBeUndefined();
    expect([c.get('a', 'q1'), c.get('a', 'q2')]).toEqual([['x'.repeat(100)], ['x'.repeat(100)]]);
    expect(c.size).toBe(1);
  });

  it('is off with a zero budget', () => {
    const c = cache(0);
    c.set('a', 'q', ['doc'], c.mark());
    expect(c.get('a', 'q')).toBeUndefined();
  });
});
