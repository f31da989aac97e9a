import { aRecordRevision } from '@okapi/testing';
import { joinPageInfo } from './page-info-joiner';

describe('joinPageInfo', () => {
  const page = {
    pageId: 42,
    mainEntity: { identifier: 'Q1', url: 'https://www.wikidata.org/entity/Q1' },
    protection: [{ type: 'edit', level: 'sysop', expiry: 'infinity' }],
    watchersCount: 31,
  };
  const user = { userId: 7, groups: ['*', 'user', 'sysop'], editCount: 900, registeredAt: '2010-01-01T00:00:00Z' };

  it('adds page properties and the editor facts the event lacks', () => {
    const cmd = aRecordRevision({ editor: { id: 7, name: 'Ed', isAnonymous: false, isBot: false } });
    const joined = joinPageInfo(cmd, page, user);
    expect(joined.enrichment).toMatchObject({
      mainEntity: page.mainEntity,
      protection: page.protection,
      watchersCount: 31,
    });
    expect(joined.editor).toMatchObject({ groups: user.groups, editCount: 900, registeredAt: '2010-01-01T00:00:00Z' });
  });

  it("keeps the event's own editor values (written at the time of the edit)", () => {
    const cmd = aRecordRevision({ editor: { id: 7, name: 'Ed', isAnonymous: false, isBot: false, editCount: 12 } });
    expect(joinPageInfo(cmd, undefined, user).editor.editCount).toBe(12);
  });

  it('leaves a hidden editor hidden, and another user alone', () => {
    const hidden = aRecordRevision({
      editor: { isAnonymous: false, isBot: false },
      visibility: { text: true, editor: false, comment: true },
    });
    expect(joinPageInfo(hidden, undefined, user)).toBe(hidden);
    const other = aRecordRevision({ editor: { id: 8, name: 'Other', isAnonymous: false, isBot: false } });
    expect(joinPageInfo(other, undefined, user).editor).toEqual(other.editor);
  });
});
