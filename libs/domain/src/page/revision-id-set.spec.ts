import { RevisionIdSet } from './revision-id-set';

/** Deterministic shuffle (no Math.random in the domain's tests either). */
function shuffled(n: number, seed: number): number[] {
  const xs = Array.from({ length: n }, (_, i) => 9_000_000_000 + i * 7);
  let s = seed;
  for (let i = xs.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

describe('RevisionIdSet', () => {
  it('holds every id added, in any order, across many compactions', () => {
    const ids = shuffled(2000, 7);
    let set = RevisionIdSet.empty();
    for (const id of ids) set = set.with(id);
    expect(set.size).toBe(2000);
    expect(ids.every((id) => set.has(id))).toBe(true);
    expect(set.has(9_000_000_001)).toBe(false);
    expect([...set].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('leaves every older version as it was, compacted or not', () => {
    const ids = shuffled(500, 3);
    const versions = [RevisionIdSet.empty()];
    for (const id of ids) versions.push(versions[versions.length - 1].with(id));
    for (const n of [0, 1, 15, 16, 17, 100, 321, 500]) {
      expect(versions[n].size).toBe(n);
      expect(ids.every((id, i) => versions[n].has(id) === i < n)).toBe(true);
    }
  });

  it('adding an id already held is the same version', () => {
    const set = RevisionIdSet.empty().with(1).with(2);
    expect(set.with(1)).toBe(set);
  });

  it('branches from an older version without touching the newer ones', () => {
    let set = RevisionIdSet.empty();
    for (let id = 1; id <= 100; id++) set = set.with(id);
    const old = [...Array(60).keys()].reduce((s, i) => s.with(1000 + i), RevisionIdSet.empty());
    const tip = old.with(5000);
    const branch = old.with(6000);
    expect(tip.has(6000)).toBe(false);
    expect(branch.has(5000)).toBe(false);
    expect(branch.has(6000) && branch.has(1059) && tip.has(5000)).toBe(true);
    expect(set.size).toBe(100);
  });
});
