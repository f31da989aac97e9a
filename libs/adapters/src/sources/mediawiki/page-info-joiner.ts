import { Editor, Enrichment, PageCommand, RecordRevision } from '@okapi/domain';
import { PageInfo, UserInfo } from './page-info.parser';

/** Revisions whose Article fields come from the page and its editor (not hidden, not a redirect). */
export function wantsPageInfo(c: PageCommand): c is RecordRevision {
  return c.type === 'RecordRevision' && !c.isRedirect;
}

/**
 * Completes a revision with the page's properties (WME `main_entity`, `additional_entities`,
 * `protection`, `redirects`, `watchers_count`, `image`) and, when the editor is visible, the
 * editor facts the event lacks (`groups`, `edit_count`, `date_started`): the event's own values,
 * written at the time of the edit, win over today's.
 */
export function joinPageInfo(cmd: RecordRevision, page?: PageInfo, user?: UserInfo): RecordRevision {
  const enrichment = pageEnrichment(cmd.enrichment, page);
  const editor = cmd.visibility?.editor === false || !user ? cmd.editor : completeEditor(cmd.editor, user);
  if (enrichment === cmd.enrichment && editor === cmd.editor) return cmd;
  return { ...cmd, editor, ...(enrichment ? { enrichment } : {}) };
}

function pageEnrichment(e: Enrichment | undefined, page: PageInfo | undefined): Enrichment | undefined {
  if (!page) return e;
  const fromPage: Enrichment = {
    ...(page.mainEntity ? { mainEntity: page.mainEntity } : {}),
    ...(page.additionalEntities ? { additionalEntities: page.additionalEntities } : {}),
    ...(page.protection ? { protection: page.protection } : {}),
    ...(page.redirects ? { redirects: page.redirects } : {}),
    ...(page.watchersCount !== undefined ? { watchersCount: page.watchersCount } : {}),
    ...(page.image ? { image: page.image } : {}),
    ...(page.description ? { description: page.description } : {}),
  };
  return Object.keys(fromPage).length ? { ...fromPage, ...e } : e;
}

function completeEditor(e: Editor, u: UserInfo): Editor {
  if (e.id !== u.userId) return e;
  return {
    ...e,
    ...(e.groups === undefined && u.groups ? { groups: u.groups } : {}),
    ...(e.editCount === undefined && u.editCount !== undefined ? { editCount: u.editCount } : {}),
    ...(e.registeredAt === undefined && u.registeredAt ? { registeredAt: u.registeredAt } : {}),
    ...(!e.isBot && u.groups?.includes('bot') ? { isBot: true } : {}),
  };
}
