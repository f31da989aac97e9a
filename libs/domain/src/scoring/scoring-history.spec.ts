import { anEditor, anIpEditor, aRecordRevision, run } from '../testing';
import { addedSpan, changedSection, editorKey, fingerprintOf, networkKey, sectionAt } from './scoring-history';
import { FEATURES, revertRiskFeatures } from './revert-risk-features';

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

  it('remembers versions a revert undid, and how recently an editor was reverted or reverted others', () => {
    const vandal = anIpEditor({ name: '198.51.100.7' });
    const patroller = anEditor({ id: 9 });
    const { state } = run([
      aRecordRevision({ revisionId: 1, text: base, sha1: 'a', timestamp: '2024-01-01T00:00:00Z' }),
      aRecordRevision({
        revisionId: 2,
        text: base + rant,
        sha1: 'b',
        editor: vandal,
        timestamp: '2024-01-01T01:00:00Z',
      }),
      aRecordRevision({ revisionId: 3, text: base, sha1: 'a', editor: patroller, timestamp: '2024-01-01T02:00:00Z' }),
    ]);
    expect(state.scoring?.revertedSha1s).toEqual(['b']);
    // The same address puts the very version back a week later: the revert's heat has halved.
    const again = aRecordRevision({
      revisionId: 4,
      text: base + rant,
      sha1: 'b',
      editor: vandal,
      timestamp: '2024-01-08T02:00:00Z',
    });
    const x = revertRiskFeatures(state, again, undefined);
    expect(feature(x, 'restores_reverted_version')).toBe(1);
    expect(feature(x, 'editor_reverted_since_own_edit')).toBe(1);
    expect(feature(x, 'editor_reverted_heat')).toBeCloseTo(0.5, 6);
    expect(feature(x, 'editor_revert_heat')).toBe(0);
    expect(feature(x, 'seconds_since_editor_reverted')).toBe(7 * 86_400);
    expect(feature(x, 'edits_since_revert')).toBe(0);
    expect(feature(x, 'previous_was_revert')).toBe(1);
    const patrol = revertRiskFeatures(state, { ...again, editor: patroller, sha1: 'c' }, undefined);
    expect(feature(patrol, 'editor_revert_heat')).toBeCloseTo(0.5, 6);
    expect(feature(patrol, 'restores_reverted_version')).toBe(0);
    expect(feature(patrol, 'session_edits')).toBe(1);
  });

  it('measures the words an edit brings in, its streak and when it was made', () => {
    const { state } = run([
      aRecordRevision({ revisionId: 1, text: base, sha1: 'a', timestamp: '2024-01-06T10:00:00Z' }),
    ]);
    const edit = aRecordRevision({
      revisionId: 2,
      text: base.replace('mammal', 'ZEBRA ZEBRA STRIPED'),
      sha1: 'b',
      timestamp: '2024-01-06T13:30:00Z', // a Saturday
    });
    const x = revertRiskFeatures(state, edit, undefined);
    expect(feature(x, 'diff_added_words')).toBe(3);
    expect(feature(x, 'diff_removed_words')).toBe(1);
    expect(feature(x, 'diff_added_unseen_share')).toBe(1);
    expect(feature(x, 'diff_added_upper_ratio')).toBe(1);
    expect(feature(x, 'hour_of_day')).toBe(13.5);
    expect(feature(x, 'day_of_week')).toBe(6);
    expect(feature(x, 'session_edits')).toBe(1);
    expect(feature(x, 'session_seconds')).toBe(3.5 * 3600);
    expect(feature(x, 'added_entropy')).toBeGreaterThan(2);
    const hidden = {
      ...edit,
      editor: { isAnonymous: false, isBot: false },
      visibility: { text: true, editor: false, comment: true },
    };
    expect(feature(revertRiskFeatures(state, hidden, undefined), 'session_edits')).toBe(-1);
  });

  it('finds the section an edit changes, and warms it when a revert undoes an edit there', () => {
    const page = 'Lead text.\n== History ==\nOld story.\n=== Early ===\nFirst days.\n';
    expect(sectionAt(page, 3)).toBe('');
    expect(sectionAt(page, page.indexOf('Old'))).toBe('History');
    expect(sectionAt(page, page.indexOf('First'))).toBe('Early');
    expect(changedSection(page, page.replace('Old story', 'New story'))).toBe('History');
    const vandal = anIpEditor({ name: '198.51.100.7' });
    const defaced = page.replace('First days.', 'First days. ' + rant);
    const { state } = run([
      aRecordRevision({ revisionId: 1, text: page, sha1: 'a', timestamp: '2024-01-01T00:00:00Z' }),
      aRecordRevision({ revisionId: 2, text: defaced, sha1: 'b', editor: vandal, timestamp: '2024-01-01T01:00:00Z' }),
      aRecordRevision({ revisionId: 3, text: page, sha1: 'a', timestamp: '2024-01-01T02:00:00Z' }),
    ]);
    expect(state.scoring?.revertedSections).toEqual([
      { section: 'Early', heat: 1, at: Date.parse('2024-01-01T02:00:00Z') },
    ]);
    const at = (text: string) =>
      revertRiskFeatures(
        state,
        aRecordRevision({ revisionId: 4, text, sha1: 'c', timestamp: '2024-01-01T02:00:00Z' }),
        undefined,
      );
    expect(feature(at(page.replace('First days', 'Last days')), 'section_reverted_heat')).toBe(1);
    expect(feature(at(page.replace('Lead', 'The lead')), 'section_reverted_heat')).toBe(0);
  });

  it('notices an edit taking out what another editor just added (a partial revert)', () => {
    const writer = anEditor({ id: 5 });
    const { state } = run([
      aRecordRevision({ revisionId: 1, text: base, sha1: 'a' }),
      aRecordRevision({ revisionId: 2, text: base + rant, sha1: 'b', editor: writer }),
    ]);
    const cut = aRecordRevision({ revisionId: 3, text: base + 'Short.', sha1: 'c', editor: anEditor({ id: 6 }) });
    expect(feature(revertRiskFeatures(state, cut, undefined), 'removes_recent_addition')).toBe(1);
    expect(feature(revertRiskFeatures(state, { ...cut, editor: writer }, undefined), 'removes_recent_addition')).toBe(
      0,
    );
  });
});
