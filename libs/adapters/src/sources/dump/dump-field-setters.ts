import { PageHeader, RevisionFields } from './dump-revision-builder';
import { SiteInfoFields } from './dump-site-info';

/** Stores the text of one leaf element. */
export type FieldSetter = (value: string) => void;

/**
 * One setter per leaf element the parser reads, made once per parser (no per-node allocation).
 * Ids, numbers and codes are trimmed; titles, names, comments and text are kept verbatim.
 */
export function fieldSetters(site: SiteInfoFields, page: PageHeader, rev: RevisionFields) {
  return {
    dbname: (v: string) => void (site.dbname = v.trim()),
    sitename: (v: string) => void (site.siteName = v),
    base: (v: string) => void (site.base = v),
    namespace: (v: string) => void site.namespaces.set(site.namespaceKey, v),
    title: (v: string) => void (page.title = v),
    ns: (v: string) => void (page.namespace = v.trim()),
    pageId: (v: string) => void (page.id = v.trim()),
    revId: (v: string) => void (rev.id = v.trim()),
    parentId: (v: string) => void (rev.parentId = v.trim()),
    timestamp: (v: string) => void (rev.timestamp = v.trim()),
    username: (v: string) => void (rev.userName = v),
    userId: (v: string) => void (rev.userId = v.trim()),
    ip: (v: string) => void (rev.ip = v.trim()),
    comment: (v: string) => {
      if (!rev.commentDeleted) rev.comment = v;
    },
    model: (v: string) => void (rev.model = v.trim()),
    format: (v: string) => void (rev.format = v.trim()),
    text: (v: string) => void (rev.text = v),
    sha1: (v: string) => void (rev.sha1 = v.trim()),
  } satisfies Record<string, FieldSetter>;
}

/** The leaf elements read as one field (no attribute to look at), by the element they sit in. */
export function leafFields(set: ReturnType<typeof fieldSetters>) {
  const leaves = (byName: Record<string, FieldSetter>) => new Map(Object.entries(byName));
  return {
    siteInfo: leaves({ dbname: set.dbname, sitename: set.sitename, base: set.base }),
    page: leaves({ title: set.title, ns: set.ns, id: set.pageId }),
    contributor: leaves({ username: set.username, id: set.userId, ip: set.ip }),
    revision: leaves({
      id: set.revId,
      parentid: set.parentId,
      timestamp: set.timestamp,
      model: set.model,
      format: set.format,
      sha1: set.sha1,
    }),
  };
}
