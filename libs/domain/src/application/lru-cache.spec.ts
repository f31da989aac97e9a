import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used key once over capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('replaces a value without growing, deletes, and rejects a zero capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 9);
    cache.delete('zz');
    expect([cache.get('a'), cache.size]).toEqual([9, 1]);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
