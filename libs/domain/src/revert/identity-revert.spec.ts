import { RevisionSummary } from '../page/page.state';
import { anEditor, at } from '../testing';
import { detectIdentityRevert } from './identity-revert';

/** Revisions 1..n with the given sha1s, oldest first (as PageState.recent). */
const history = (...sha1s: (string | undefined)[]): RevisionSummary[] =>
  sha1s.map((sha1, i) => ({
    revisionId: i + 1,
    timestamp: at(i + 1),
    size: 100,
    editor: anEditor(),
    ...(sha1 ? { sha1 } : {}),
  }));

describe('identity revert detection', () => {
  it('finds the restored revision and lists the reverted ones oldest first', () => {
    expect(detectIdentityRevert(history('a', 'b', 'c'), 'a')).toEqual({
      restoredRevisionId: 1,
      revertedRevisionIds: [2, 3],
    });
  });

  it('prefers the closest match when the content appears more than once', () => {
    expect(detectIdentityRevert(history('a', 'b', 'a', 'c'), 'a')).toEqual({
      restoredRevisionId: 3,
      revertedRevisionIds: [4],
    });
  });

  it('is not a revert when the sha1 equals the previous revision (null edit) or nothing matches', () => {
    expect(detectIdentityRevert(history('a', 'b'), 'b')).toBeUndefined();
    expect(detectIdentityRevert(history('a', 'b'), 'z')).toBeUndefined();
    expect(detectIdentityRevert(history('a', 'b'), undefined)).toBeUndefined();
    expect(detectIdentityRevert([], 'a')).toBeUndefined();
  });

  it('does not guess past unknown content: an unknown sha1 before the match, or as the current revision, reports nothing', () => {
    // Revision 2's content is unknown (hidden text): it may itself be 'a', making 2 the revert.
    expect(detectIdentityRevert(history('a', undefined, 'c'), 'a')).toBeUndefined();
    // The current revision unknown: the new one may be a null revision of it.
    expect(detectIdentityRevert(history('a', 'b', undefined), 'a')).toBeUndefined();
  });

  it('an unknown sha1 older than the match changes nothing', () => {
    expect(detectIdentityRevert(history(undefined, 'a', 'b', 'c'), 'a')).toEqual({
      restoredRevisionId: 2,
      revertedRevisionIds: [3, 4],
    });
  });

  it('honours the window: 15 back is found, 16 back is not; smaller windows work', () => {
    const sixteen = history(...Array.from({ length: 16 }, (_, i) => `s${i + 1}`));
    expect(detectIdentityRevert(sixteen, 's2')?.restoredRevisionId).toBe(2);
    expect(detectIdentityRevert(sixteen, 's1')).toBeUndefined();
    expect(detectIdentityRevert(sixteen, 's14', 3)?.restoredRevisionId).toBe(14);
    expect(detectIdentityRevert(sixteen, 's13', 3)).toBeUndefined();
  });
});
