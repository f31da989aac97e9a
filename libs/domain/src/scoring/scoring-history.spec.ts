import { anEditor, anIpEditor, aRecordRevision, run } from '../testing';
import { addedSpan, editorKey, fingerprintOf, networkKey } from './scoring-history';
import { FEATURES, revertRiskFeatures } from './revert-risk.features';

const feature = (x: ArrayLike<number>, name: (typeof FEATURES)[number]) => x[FEATURES.indexOf(name)];
const base = 'Okapi is a mammal of the Congo. '.repeat(20);
const rant = 'THE OKAPI IS FAKE and the zoo lies to you all, everyone knows it. ';

describe('page scoring history', () => {
  it('keys editors by account, addresses by name, and anonymous networks by /16 or /48', () => {
    expect(editorKey(anEditor({ id: 5 }))).toBe('#5');
    expect(editorKey(anIpEditor({ name: '198.51.100.7' }))).toBe('@198.51.100.7');
    expect(networkKey(anIpEditor({ name: '198.51.100.7' }))).toBe('~198.51');
    expect(networkKey(anIpEditor({ name: '2001:DB8:1:2::1' }))).toBe('~2001:db8:1');
    expect(networkKey(anEditor())).toBeUndefined();
  });

  it('fingerprints what an edit added, when there is enough of it', () => {
    expect(addedSpan(base, base + rant)).toBe(rant);
    expect(fingerprintOf(rant)).toBe(rant.trim().slice(0, 40));
    expect(fingerprintOf('short')).toBeUndefined();
  });

  it('counts reverts against the address and its network, and remembers the text a revert took out', () => {
    const { state } = run([
      aRecordRevision({ revisionId: 1, text: base, sha1: 'a' }),
      aRecordRevision({ revisionId: 2, text: base + rant, sha1: 'b', editor: anIpEditor({ name: '198.51.100.7' }) }),
      aRecordRevision({ revisionId: 3, text: base, sha1: 'a' }), // identity revert of 2
    ]);
    expect(state.scoring?.editors.get('@198.51.100.7')).toMatchObject({ edits: 1, reverted: 1 });
    expect(state.scoring?.editors.get('~198.51')).toMatchObject({ edits: 1, reverted: 1 });
    expect(state.scoring?.revertedAdditions).toEqual([fingerprintOf(rant)]);
    // Another address of the same network puts the same text back.
    const back = aRecordRevision({
      revisionId: 4,
      text: base + rant,
      sha1: 'c',
      editor: anIpEditor({ name: '198.51.7.99' }),
    });
    const x = revertRiskFeatures(state, back, undefined);
    expect(feature(x, 'reinstates_reverted_text')).toBe(1);
    expect(feature(x, 'network_page_reverted')).toBe(1);
    expect(feature(x, 'editor_page_edits')).toBe(0);
    expect(feature(x, 'previous_was_revert')).toBe(1);
  });
});
