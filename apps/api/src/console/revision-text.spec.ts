import { PageCommand, must } from '@okapi/domain';
import { aDecidedHistory, aRecordRevision } from '@okapi/testing';
import { pageRevisions } from './revision-text';
import { lineDiff } from './revision-diff';

const edit = (revisionId: number, text: string, minute: number): PageCommand =>
  aRecordRevision({
    revisionId,
    parentId: revisionId > 1 ? revisionId - 1 : undefined,
    text,
    sha1: undefined,
    size: Buffer.byteLength(text),
    timestamp: `2024-05-01T12:${String(minute).padStart(2, '0')}:00Z`,
  });

describe('pageRevisions', () => {
  it('gives each recorded revision with its text, parent and editor', () => {
    const page = pageRevisions(aDecidedHistory([edit(1, 'one\ntwo\n', 0), edit(2, 'one\n2\n', 1)]));
    expect(page.side(2)).toMatchObject({
      revision_id: 2,
      parent_id: 1,
      text: 'one\n2\n',
      text_hidden: false,
      editor: 'Example',
    });
    expect(page.side(1)).not.toHaveProperty('parent_id');
    expect(page.side(3)).toBeUndefined();
  });

  it('hides a text suppressed after it was recorded (visibility as the page knows it now)', () => {
    const events = aDecidedHistory([
      edit(1, 'ok', 0),
      edit(2, 'offensive', 1),
      {
        type: 'ChangeRevisionVisibility',
        wiki: 'enwiki',
        pageId: 1,
        revisionId: 2,
        visibility: { text: false, editor: false, comment: true },
        timestamp: '2024-05-01T12:05:00Z',
        source: 'test',
        receivedAt: '2024-05-01T12:05:01Z',
      },
    ]);
    const side = must(pageRevisions(events).side(2), 'side 2');
    expect(side.text_hidden).toBe(true);
    expect(side).not.toHaveProperty('text');
    expect(side).not.toHaveProperty('editor');
    expect(side.comment).toBe('test edit');
  });
});

describe('lineDiff', () => {
  it('returns unified hunks with context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i'].join('\n');
    expect(lineDiff(before, after)).toEqual({
      hunks: [
        {
          old_start: 2,
          old_lines: 7,
          new_start: 2,
          new_lines: 7,
          lines: [' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h'],
        },
      ],
    });
  });

  it('treats a missing final newline as no change, and a creation as all added', () => {
    expect(lineDiff('x\n', 'x')).toEqual({ hunks: [] });
    expect(lineDiff('', 'new page')).toEqual({
      hunks: [{ old_start: 1, old_lines: 0, new_start: 1, new_lines: 1, lines: ['+new page'] }],
    });
  });
});
