import { PageEvent, RecordedEvent } from '@okapi/domain';
import { RevisionRow, revisionKey, revisionsTouched, sqlLiteral, TABLES } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';

// Keys per query: keeps the SQL text far below max_query_size (256 KiB on 18.16).
const CHUNK = 1000;

/**
 * Loads the stored rows a batch's reverts and visibility changes will rewrite, except those the
 * batch itself creates and those already `known` (the previous batch's, not written yet): one
 * query per 1000 revisions.
 */
export async function preloadRevisionRows(
  engine: ClickHouseEngine,
  events: readonly RecordedEvent[],
  known?: ReadonlyMap<string, RevisionRow>,
): Promise<Map<string, RevisionRow>> {
  const createdHere = new Set<string>();
  const wanted = new Map<string, { wiki: string; pageId: number; ids: Set<number> }>();
  for (const e of events as readonly (RecordedEvent & PageEvent)[]) {
    if (e.type === 'RevisionCreated') createdHere.add(revisionKey(e.data.wiki, e.data.pageId, e.data.revisionId));
    const touched = revisionsTouched(e);
    if (!touched) continue;
    const page = `${touched.wiki}|${touched.pageId}`;
    const entry = wanted.get(page) ?? { wiki: touched.wiki, pageId: touched.pageId, ids: new Set<number>() };
    for (const id of touched.revisionIds) {
      const key = revisionKey(touched.wiki, touched.pageId, id);
      if (!createdHere.has(key) && !known?.has(key)) entry.ids.add(id);
    }
    if (entry.ids.size) wanted.set(page, entry);
  }
  const found = new Map<string, RevisionRow>();
  const keys = [...wanted.values()].flatMap((p) =>
    [...p.ids].map((id) => `(${sqlLiteral(p.wiki)}, ${sqlLiteral(p.pageId)}, ${sqlLiteral(id)})`),
  );
  for (let i = 0; i < keys.length; i += CHUNK) {
    // A tuple IN on the whole primary key reads only the granules holding those rows; newest
    // version first, one per key (what FINAL would return, without merging every part).
    const rows = await engine.query<WireRevisionRow>(
      `SELECT * FROM ${TABLES.revisions} WHERE (wiki, page_id, revision_id) IN (${keys.slice(i, i + CHUNK).join(', ')})
       ORDER BY version DESC LIMIT 1 BY wiki, page_id, revision_id`,
    );
    for (const r of rows) found.set(revisionKey(r.wiki, Number(r.page_id), Number(r.revision_id)), normalise(r));
  }
  return found;
}

/** A stored revision row as JSON brings it: UInt64 columns as numbers (server-engine SETTINGS), or text without them. */
type WireRevisionRow = Omit<RevisionRow, 'page_id' | 'revision_id' | 'version'> & {
  readonly page_id: number | string;
  readonly revision_id: number | string;
  readonly version: number | string;
};

function normalise(r: WireRevisionRow): RevisionRow {
  return { ...r, page_id: Number(r.page_id), revision_id: Number(r.revision_id), version: Number(r.version) };
}
