import { editorRights } from './editor-rights';

describe('editor rights from groups (WME Editor is_admin / is_patroller / has_advanced_rights)', () => {
  it.each<[string[] | undefined, object]>([
    [undefined, {}],
    [['*', 'user', 'autoconfirmed'], {}],
    [['bot', '*', 'user', 'autoconfirmed'], {}], // the real enwiki OAbot record: none of the three
    [['*', 'user', 'sysop'], { is_admin: true }],
    [['*', 'user', 'rollback'], { is_patroller: true }],
    [['*', 'user', 'editor', 'autoreview'], { is_patroller: true }], // dewiki reviewers
    [
      ['*', 'user', 'sysop', 'checkuser', 'reviewer'],
      { is_admin: true, is_patroller: true, has_advanced_rights: true },
    ],
  ])('%j -> %j', (groups, flags) => {
    expect(editorRights(groups)).toEqual(flags);
  });
});
