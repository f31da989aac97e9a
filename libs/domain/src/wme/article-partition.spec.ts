import { ARTICLE_PARTITIONS, articlePartition, partitionsOfPart } from './article-partition';

describe('realtime partitions (WME: 50 partitions, 10 parts of 5)', () => {
  it('is stable: the same page always lands in the same partition', () => {
    // Pinned values: changing the hash would move every page and break resuming clients.
    expect(articlePartition('enwiki', 1)).toBe(1);
    expect(articlePartition('enwiki', 28492)).toBe(1);
    expect(articlePartition('dewiki', 4042095)).toBe(14);
  });

  it('spreads pages over every partition', () => {
    const counts = new Array<number>(ARTICLE_PARTITIONS).fill(0);
    for (let id = 1; id <= 50_000; id++) counts[articlePartition('enwiki', id)]++;
    expect(Math.min(...counts)).toBeGreaterThan(700); // 1000 expected each
    expect(Math.max(...counts)).toBeLessThan(1300);
  });

  it('part p covers partitions 5p..5p+4', () => {
    expect(partitionsOfPart(0)).toEqual([0, 1, 2, 3, 4]);
    expect(partitionsOfPart(9)).toEqual([45, 46, 47, 48, 49]);
  });
});
