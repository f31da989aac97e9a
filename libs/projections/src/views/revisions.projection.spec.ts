import { given } from '../testing/projection-given';
import { deleted, moved, revision, reverted, visibilityChanged } from '../testing/page-events';

describe('revisions projection', () => {
  it('records every revision with metadata, delta and its offset as version', () => {
    const { revisions } = given(revision(1, { size: 100 })).when(
      revision(2, {
        parentId: 1,
        size: 140,
        previousSize: 100,
        minor: true,
        tags: ['mobile edit'],
        flag: 'suspect',
        score: { model: 'v1', probability: 0.9, prediction: true, reasons: ['blanking'] },
      }),
    );
    expect(revisions).toEqual([
      expect.objectContaining({
        wiki: 'enwiki',
        page_id: 1,
        revision_id: 2,
        parent_id: 1,
        size: 140,
        delta: 40,
        minor: 1,
        tags: ['mobile edit'],
        flag: 'suspect',
        score: 0.9,
        score_reasons: ['blanking'],
        editor_name: 'Example',
        timestamp: '2024-05-01 12:02:00',
        timestamp_ms: Date.parse('2024-05-01T12:02:00Z'),
        reverted: 0,
        version: 2,
      }),
    ]);
  });

  it('an unknown size (hidden text without bytes) is null, and so is the next delta; never -1', () => {
    const hidden = { text: false, editor: true, comment: true };
    const { revisions } = given(revision(1, { size: 100 })).when(
      revision(2, { parentId: 1, size: undefined, previousSize: 100, previousRevisionId: 1, visibility: hidden }),
      revision(3, { parentId: 2, size: 120, previousSize: undefined, previousRevisionId: 2 }),
    );
    expect(revisions.map((r) => [r.revision_id, r.size, r.delta, r.text_visible])).toEqual([
      [2, null, null, 0],
      [3, 120, null, 1],
    ]);
  });

  it('a revert marks the reverted revisions and the reverting one, with a new version', () => {
    const { revisions } = given(revision(1), revision(2, { parentId: 1 }), revision(3, { parentId: 2 })).when(
      revision(4, { parentId: 3, sha1: 'sha1', timestamp: '2024-05-01T12:30:00Z' }),
      reverted(4, 1, [2, 3]),
    );
    expect(revisions).toEqual([
      expect.objectContaining({ revision_id: 4, reverting: 0, version: 4 }),
      expect.objectContaining({ revision_id: 4, reverting: 1, restored_revision_id: 1, version: 5 }),
      expect.objectContaining({
        revision_id: 2,
        reverted: 1,
        reverted_by: 4,
        reverted_at: '2024-05-01 12:30:00',
        version: 5,
      }),
      expect.objectContaining({ revision_id: 3, reverted: 1, reverted_by: 4, version: 5 }),
    ]);
  });

  it('out-of-order revisions are recorded too, flagged as not latest', () => {
    const { revisions } = given(revision(5)).when(revision(3, { isLatest: false }));
    expect(revisions).toEqual([expect.objectContaining({ revision_id: 3, is_latest: 0, version: 2 })]);
  });

  it('hidden editor and comment are blank from the start', () => {
    const { revisions } = given().when(revision(1, { visibility: { text: true, editor: false, comment: false } }));
    expect(revisions[0]).toMatchObject({
      editor_name: '',
      editor_id: 0,
      comment: '',
      editor_visible: 0,
      comment_visible: 0,
    });
  });

  it('a visibility change rewrites the revision with the field blanked', () => {
    const { revisions } = given(revision(1)).when(visibilityChanged(1, { comment: false }));
    expect(revisions).toEqual([
      expect.objectContaining({ revision_id: 1, comment: '', comment_visible: 0, editor_name: 'Example', version: 2 }),
    ]);
  });

  it('page moves and deletes do not rewrite revisions', () => {
    expect(given(revision(1)).when(moved('Okapi', 'B'), deleted('B')).revisions).toEqual([]);
  });

  it('a revert of revisions it never saw writes nothing for them', () => {
    const { revisions } = given().when(reverted(9, 7, [8]));
    expect(revisions).toEqual([]);
  });

  it('a revision that makes the page a redirect is still recorded, as latest', () => {
    const { revisions, articles } = given(revision(1)).when(
      revision(2, { parentId: 1, isRedirect: true, text: '#REDIRECT [[Okapia]]' }),
    );
    expect(revisions).toEqual([expect.objectContaining({ revision_id: 2, is_latest: 1, version: 2 })]);
    expect(articles.current).toEqual([expect.objectContaining({ revision_id: 0, deleted: 1, version: 2 })]);
  });
});
