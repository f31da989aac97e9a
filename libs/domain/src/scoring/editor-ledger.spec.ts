import { EditorLedger, EditorRecord } from './editor-ledger';

const edit =
  (at: number) =>
  (r: EditorRecord | undefined): EditorRecord => ({
    edits: (r?.edits ?? 0) + 1,
    reverted: r?.reverted ?? 0,
    reverts: r?.reverts ?? 0,
    firstAt: r?.firstAt ?? at,
    lastAt: at,
  });

describe('EditorLedger', () => {
  it('keeps every version as it was (persistent), sharing one log', () => {
    const v0 = EditorLedger.empty();
    const v1 = v0.with('#1', edit(10));
    const v2 = v1.with('@192.0.2.7', edit(20));
    const v3 = v2.with('#1', edit(30));
    expect(v0.get('#1')).toBeUndefined();
    expect(v1.get('#1')).toMatchObject({ edits: 1, firstAt: 10, lastAt: 10 });
    expect(v2.get('@192.0.2.7')).toMatchObject({ edits: 1 });
    expect(v1.get('@192.0.2.7')).toBeUndefined();
    expect(v3.get('#1')).toMatchObject({ edits: 2, firstAt: 10, lastAt: 30 });
    expect(v2.get('#1')).toMatchObject({ edits: 1 });
  });

  it('branches when an older version is updated, without touching the newer ones', () => {
    const v1 = EditorLedger.empty().with('#1', edit(10));
    const v2 = v1.with('#1', edit(20));
    const branch = v1.with('#2', edit(30));
    expect(branch.get('#1')).toMatchObject({ edits: 1 });
    expect(branch.get('#2')).toMatchObject({ edits: 1 });
    expect(v2.get('#2')).toBeUndefined();
    expect(v2.get('#1')).toMatchObject({ edits: 2 });
  });
});

describe('EditorLedger compaction (bounded by editors, not edits)', () => {
  it('reads the same through many updates of a few editors, every older version unchanged', () => {
    const keys = ['#1', '#2', '@192.0.2.7', '~192.0'];
    const versions = [EditorLedger.empty()];
    for (let i = 0; i < 400; i++) versions.push(versions[i].with(keys[i % 3 === 0 ? 0 : i % 4], edit(i)));
    /** [editor, edits, last edit] after the first n updates, in first-seen order. */
    const expected = (n: number): [string, number, number][] => {
      const m = new Map<string, [number, number]>();
      for (let i = 0; i < n; i++) {
        const k = keys[i % 3 === 0 ? 0 : i % 4];
        m.set(k, [(m.get(k)?.[0] ?? 0) + 1, i]);
      }
      return [...m].map(([k, [edits, last]]) => [k, edits, last]);
    };
    for (const n of [0, 1, 31, 32, 33, 200, 400])
      expect([...versions[n]].map(([k, r]) => [k, r.edits, r.lastAt])).toEqual(expected(n));
    // A branch off an old version sees only that version's records.
    const branch = versions[40].with('#9', edit(1));
    expect([...branch].map(([k, r]) => [k, r.edits, r.lastAt])).toEqual([...expected(40), ['#9', 1, 1]]);
  });
});

describe('EditorLedger equality', () => {
  it('two versions with the same entries are equal, whatever their shared log holds', () => {
    const a = EditorLedger.empty().with('#1', edit(10));
    a.with('#1', edit(20)); // grows a's log past a's own version
    const b = EditorLedger.empty().with('#1', edit(10));
    expect(a).toEqual(b);
    expect(a).not.toEqual(b.with('#2', edit(30)));
    expect([...a]).toEqual([['#1', expect.objectContaining({ edits: 1 })]]);
  });
});
