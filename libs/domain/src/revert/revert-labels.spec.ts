import { LabelledRevision, revertLabels, RevertRecord } from './revert-labels';

const HOUR = 3_600_000;

/** Revisions 1..n one hour apart, by editors `a`, `b`, ... as given. */
function history(editors: string, overrides: Partial<Record<number, Partial<LabelledRevision>>> = {}) {
  return Array.from(editors).map((e, i) => ({
    revisionId: i + 1,
    at: i * HOUR,
    editor: e,
    isNull: false,
    textHidden: false,
    ...overrides[i + 1],
  }));
}

const revert = (by: number, ...undone: number[]): RevertRecord => ({
  revertingRevisionId: by,
  revertedRevisionIds: undone,
});

function reverted(labels: Map<number, { reverted: boolean }>): number[] {
  return [...labels].filter(([, l]) => l.reverted).map(([id]) => id);
}

describe('revertLabels', () => {
  it('marks what an identity revert undid, and who undid it', () => {
    const labels = revertLabels(history('abcb'), [revert(4, 3)]);
    expect(reverted(labels)).toEqual([3]);
    expect(labels.get(3)).toEqual({ reverted: true, by: 4 });
  });

  it('ignores reverts later than the window (48 h by default)', () => {
    const revs = history('abc', { 3: { at: 49.5 * HOUR } }); // 48.5 h after revision 2
    expect(reverted(revertLabels(revs, [revert(3, 2)]))).toEqual([]);
    expect(reverted(revertLabels(revs, [revert(3, 2)], { windowMs: 50 * HOUR }))).toEqual([2]);
  });

  it('a revert that is itself reverted marks nothing (MediaWiki: the revert must not be reverted)', () => {
    // 2 edits, 3 reverts it, 4 reverts the revert (restores 2): only 3 is reverted.
    expect(reverted(revertLabels(history('abcb'), [revert(3, 2), revert(4, 3)]))).toEqual([3]);
    // ... and when 5 reverts 4 again, 3's revert stands: 2 and 4 are reverted, 3 is not.
    expect(reverted(revertLabels(history('abcbc'), [revert(3, 2), revert(4, 3), revert(5, 4)]))).toEqual([2, 4]);
  });

  it('counts self-reverts as MediaWiki does, unless told to ignore them', () => {
    const revs = history('abb');
    expect(reverted(revertLabels(revs, [revert(3, 2)]))).toEqual([2]);
    expect(reverted(revertLabels(revs, [revert(3, 2)], { selfReverts: 'ignore' }))).toEqual([]);
  });

  it('never marks null revisions or hidden text, and skips reverts deeper than the radius', () => {
    const revs = history('abcde', { 3: { isNull: true }, 4: { textHidden: true } });
    expect(reverted(revertLabels(revs, [revert(5, 2, 3, 4)]))).toEqual([2]);
    expect(reverted(revertLabels(revs, [revert(5, 2, 3, 4)], { maxRevisions: 3 }))).toEqual([]);
  });
});
