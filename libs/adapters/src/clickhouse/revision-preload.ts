import { PageEvent, RecordedEvent } from '@okapi/domain';
import { RevisionRow, revisionKey, revisionsTouched, sqlList, sqlLiteral, TABLES } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';

// Conditions per query: keeps the SQL text far below max_query_size (256 KiB on 18.16).
const CHUNK = 200;

/**
 * Loads the stored rows a batch's reverts and visibility changes will rewrite, except those the
 * batch itself creates. One query per 200 pages, read with FINAL (latest version of each row).
 */
export async function preloadRevisionRows(engine: ClickHouseEngine, events: readonly RecordedEvent[]): Promise<Map<string, RevisionRow>> {
  const createdHere = new Set<string>();
  const wanted = new Map<string, { wiki: string; pageId: number; ids: Set<number> }>();
  for (const e of events as readonly (RecordedEvent & PageEvent)[]) {
    if (e.type === 'RevisionCreated') createdHere.add(revisionKey(e.data.wiki, e.data.pageId, e.data.revisionId));
    const touched = revisionsTouched(e);
    if (!touched) continue;
    const page = `${touched.wiki}|${touched.pageId}`;
    const entry = wanted.get(page) ?? { wiki: touched.wiki, pageId: touched.pageId, ids: new Set<number>() };
    for (const id of touched.revisionIds) if (!createdHere.has(revisionKey(touched.wiki, touched.pageId, id))) entry.ids.add(id);
    if (entry.ids.size) wanted.set(page, entry);
  }
  const found = new Map<string, RevisionRow>();
  const pages = [...wanted.values()];
  for (let i = 0; i < pages.length; i += CHUNK) {
    const where = pages
      .slice(i, i + CHUNK)
      .map((p) => `(wiki = ${sqlLiteral(p.wiki)} AND page_id = ${sqlLiteral(p.pageId)} AND revision_id IN ${sqlList([...p.ids])})`)
      .join(' OR ');
    const rows = await engine.query<RevisionRow>(`SELECT * FROM ${TABLES.revisions} FINAL WHERE ${where}`);
    for (const r of rows) found.set(revisionKey(r.wiki, Number(r.page_id), Number(r.revision_id)), normalise(r));
  }
  return found;
}

// JSON numbers come back as numbers on both engines (see server-engine SETTINGS); make sure.
function normalise(r: RevisionRow): RevisionRow {
  return { ...r, page_id: Number(r.page_id), revision_id: Number(r.revision_id), version: Number(r.version) };
}
