import {
  CurrentArticleQuery,
  fromClickHouseDateTime,
  HourlyVersion,
  sqlList,
  sqlLiteral,
  TABLES,
  toClickHouseDateTime,
  WikiNamespace,
} from '@okapi/projections';
import { AnalyticsReadModel, ClickHouseEngine } from './analytics';
import { LookupCache } from './lookup-cache';
import { DocumentKey, documentKey, documentKeysCondition } from './document-reuse';

/** Rows per page when streaming snapshots and hourly batches (keyset pagination on the key). */
const PAGE = 1000;

/**
 * Keys per query when streaming a namespace's live articles. `articles_current` is ordered by
 * name, not page id, so each query scans (FINAL) the whole rest of the namespace: with 1,000 keys
 * a page, 250,000 pages took 250 such scans. Its documents are still read PAGE at a time.
 */
const KEY_PAGE = 50_000;

const keys = new WeakMap<CurrentArticleQuery, string>();

/** The lookup-cache key of `q`, made once per query object (callers reuse theirs: no string per lookup). */
function cacheKey(q: CurrentArticleQuery): string {
  let key = keys.get(q);
  if (key === undefined) {
    key = `${q.wikis?.join(',') ?? '*'}|${q.namespace ?? '*'}|${q.limit}`;
    keys.set(q, key);
  }
  return key;
}

/**
 * ReadModel over `articles_current` and `article_versions_hourly`, on either engine. Reads use
 * FINAL (ReplacingMergeTree may not have merged yet, and 18.16 does not dedup within an insert).
 * Filters before FINAL touch only key columns; `deleted` is filtered after, as FINAL requires.
 */
export class ClickHouseReadModel implements AnalyticsReadModel {
  /**
   * Lookups on their way to the engine, by name and cache key: a popular article whose entry
   * expires is asked for by every client at once, and one query answers them all (without this,
   * each in-flight request sent its own, and the burst of FINAL queries stalled every lookup
   * behind it). A caller joins only a query started in the same cache epoch, so nobody is
   * answered from before a write it could have seen.
   */
  private readonly pending = new Map<string, { readonly epoch: number; readonly docs: Promise<string[]> }>();

  constructor(
    private readonly engine: ClickHouseEngine,
    private readonly cache: LookupCache,
  ) {}

  peekCurrentByName(q: CurrentArticleQuery): string[] | undefined {
    return this.cache.get(q.name, cacheKey(q));
  }

  async findCurrentByName(q: CurrentArticleQuery): Promise<string[]> {
    const key = cacheKey(q);
    const cached = this.cache.get(q.name, key);
    if (cached) return cached;
    const epoch = this.cache.mark();
    const flightKey = `${key}|${q.name}`;
    const joined = this.pending.get(flightKey);
    if (joined?.epoch === epoch) return joined.docs;
    const flight = { epoch, docs: this.queryCurrentByName(q) };
    this.pending.set(flightKey, flight);
    try {
      const docs = await flight.docs;
      this.cache.set(q.name, key, docs, epoch);
      return docs;
    } finally {
      if (this.pending.get(flightKey) === flight) this.pending.delete(flightKey);
    }
  }

  private async queryCurrentByName(q: CurrentArticleQuery): Promise<string[]> {
    const where = [`name = ${sqlLiteral(q.name)}`];
    if (q.wikis?.length) where.push(`wiki IN ${sqlList(q.wikis)}`);
    if (q.namespace !== undefined) where.push(`namespace = ${sqlLiteral(q.namespace)}`);
    const rows = await this.engine.query<DocumentKey>(
      `SELECT wiki, page_id, version FROM (SELECT wiki, page_id, deleted, date_modified, version FROM ${TABLES.articlesCurrent} FINAL WHERE ${where.join(' AND ')})
       WHERE deleted = 0 ORDER BY date_modified DESC, version DESC LIMIT 1 BY wiki LIMIT ${sqlLiteral(Math.max(0, Math.floor(q.limit)))}`,
    );
    return present(await this.documentsOf(rows));
  }

  /**
   * The documents view rows name (`article_documents` by wiki, page and version), one per row
   * (undefined for none: the projector writes a batch's documents before its rows, so only a
   * damaged table lacks one). Keys are read through the table's index (it is ordered by them);
   * a document written twice by a replayed batch is the same text, taken once.
   */
  private async documentsOf(rows: readonly DocumentKey[]): Promise<(string | undefined)[]> {
    if (rows.length === 0) return [];
    const found = await this.engine.query<DocumentKey & { doc: string }>(
      `SELECT wiki, page_id, version, doc FROM ${TABLES.articleDocuments} WHERE ${documentKeysCondition(rows)}`,
    );
    const byKey = new Map<string, string>();
    for (const d of found) byKey.set(documentKey(d), d.doc);
    return rows.map((r) => byKey.get(documentKey(r)));
  }

  async *streamCurrent(wiki: string, namespace: number): AsyncIterable<string> {
    let after = -1;
    for (;;) {
      const rows = await this.engine.query<DocumentKey>(
        `SELECT wiki, page_id, version FROM (SELECT wiki, page_id, deleted, version FROM ${TABLES.articlesCurrent} FINAL
         WHERE wiki = ${sqlLiteral(wiki)} AND namespace = ${sqlLiteral(namespace)} AND page_id > ${sqlLiteral(after)})
         WHERE deleted = 0 ORDER BY page_id LIMIT ${KEY_PAGE}`,
      );
      for (let i = 0; i < rows.length; i += PAGE) yield* present(await this.documentsOf(rows.slice(i, i + PAGE)));
      if (rows.length < KEY_PAGE) return;
      after = Number(rows[rows.length - 1].page_id);
    }
  }

  async listWikiNamespaces(): Promise<WikiNamespace[]> {
    const rows = await this.engine.query<{ wiki: string; namespace: number; pages: number | string; last: string }>(
      `SELECT wiki, namespace, count() AS pages, max(date_modified) AS last
       FROM (SELECT wiki, namespace, deleted, date_modified FROM ${TABLES.articlesCurrent} FINAL) WHERE deleted = 0
       GROUP BY wiki, namespace ORDER BY wiki, namespace`,
    );
    return rows.map((r) => ({
      wiki: r.wiki,
      namespace: r.namespace,
      pages: Number(r.pages),
      lastModified: fromClickHouseDateTime(r.last),
    }));
  }

  async *streamHour(hourStart: string, wiki?: string, namespace?: number): AsyncIterable<HourlyVersion> {
    const base = [`hour = ${sqlLiteral(toClickHouseDateTime(hourStart))}`];
    if (wiki !== undefined) base.push(`wiki = ${sqlLiteral(wiki)}`);
    if (namespace !== undefined) base.push(`namespace = ${sqlLiteral(namespace)}`);
    let cursor: { wiki: string; namespace: number; pageId: number } | undefined;
    for (;;) {
      const where = cursor ? [...base, afterCursor(cursor)] : base;
      const rows = await this.engine.query<DocumentKey & { namespace: number }>(
        `SELECT wiki, namespace, page_id, version FROM ${TABLES.articleVersionsHourly} FINAL WHERE ${where.join(' AND ')}
         ORDER BY wiki, namespace, page_id LIMIT ${PAGE}`,
      );
      const docs = await this.documentsOf(rows);
      for (const [i, r] of rows.entries()) {
        const doc = docs[i];
        if (doc !== undefined) yield { wiki: r.wiki, namespace: r.namespace, pageId: Number(r.page_id), doc };
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      cursor = { wiki: last.wiki, namespace: last.namespace, pageId: Number(last.page_id) };
    }
  }

  listHour(hourStart: string): Promise<{ wiki: string; namespace: number }[]> {
    return this.engine.query<{ wiki: string; namespace: number }>(
      `SELECT DISTINCT wiki, namespace FROM ${TABLES.articleVersionsHourly}
       WHERE hour = ${sqlLiteral(toClickHouseDateTime(hourStart))} ORDER BY wiki, namespace`,
    );
  }

  invalidateNames(names: Iterable<string>): void {
    this.cache.invalidate(names);
  }
}

function present(docs: readonly (string | undefined)[]): string[] {
  return docs.filter((d): d is string => d !== undefined);
}

// Tuple comparison spelled out: 18.16 cannot compare tuples.
function afterCursor(c: { wiki: string; namespace: number; pageId: number }): string {
  const w = sqlLiteral(c.wiki);
  const n = sqlLiteral(c.namespace);
  return `(wiki > ${w} OR (wiki = ${w} AND (namespace > ${n} OR (namespace = ${n} AND page_id > ${sqlLiteral(c.pageId)}))))`;
}
