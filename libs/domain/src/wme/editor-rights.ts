/**
 * WME derives three Editor flags from the user's groups (wikimedia-enterprise eventstream-listener,
 * `EditorBuilder`; facts only): `is_admin` = member of `sysop`; `is_patroller` = member of a group
 * with patrol or review rights; `has_advanced_rights` = checkuser, bureaucrat, oversight or steward.
 */
const PATROLLER_GROUPS = new Set([
  'rollback',
  'abusefilter',
  'patroller',
  'reviewer',
  'autoreview',
  'autoreviewer',
  'editor',
  'autoeditor',
  'eliminator',
]);
const ADVANCED_GROUPS = new Set(['checkuser', 'bureaucrat', 'oversight', 'steward']);

export interface EditorRights {
  readonly is_admin?: true;
  readonly is_patroller?: true;
  readonly has_advanced_rights?: true;
}

/** Only the flags that hold (WME omits false ones). */
export function editorRights(groups: readonly string[] | undefined): EditorRights {
  if (!groups?.length) return {};
  return {
    ...(groups.includes('sysop') ? { is_admin: true } : {}),
    ...(groups.some((g) => PATROLLER_GROUPS.has(g)) ? { is_patroller: true } : {}),
    ...(groups.some((g) => ADVANCED_GROUPS.has(g)) ? { has_advanced_rights: true } : {}),
  };
}
