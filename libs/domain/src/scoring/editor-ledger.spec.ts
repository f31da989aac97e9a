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
