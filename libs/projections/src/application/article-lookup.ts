import type { CurrentArticleQuery, ReadModel } from '../ports/read-model.port';
import { ArticleJson, isPlain, MAX_LIMIT, OnDemandQuery } from '../wme-query';
import type { ArticleHistory } from './article-history.port';

/** Titles shared by more wikis than this are filtered in memory from at most this many rows. */
export const FILTER_SCAN_LIMIT = 1000;

export interface ArticleLookupPorts {
  readonly readModel: Pick<ReadModel, 'findCurrentByName' | 'peekCurrentByName'>;
  readonly history: ArticleHistory;
  /**
   * Stored documents as served (the API fills in HTML where the source gave none, memoised per
   * read-model result); default: as stored. Must hand back the same array for the same input
   * array, so callers can memoise on identity.
   */
  readonly present?: (stored: readonly string[]) => readonly string[];
  /** Starts timing one read-model lookup; the returned function stops it (the edge's histogram). */
  readonly timeReadModel?: () => () => void;
}

/**
 * Use case "serve an article" (WME on-demand, plus Okapi's time travel): which read-model query
 * answers a lookup, which documents pass its filters and time travel, and how they are projected.
 * Plain classes over ports; the HTTP edge (apps/api/src/articles) encodes bodies, counts and maps
 * "nothing found" to article.not_found.
 */
export class ArticleLookup {
  /** The read-model query of each (memoised) lookup query, made once. */
  private readonly currentQueries = new WeakMap<OnDemandQuery, CurrentArticleQuery>();
  private readonly present: (stored: readonly string[]) => readonly string[];

  constructor(private readonly ports: ArticleLookupPorts) {
    this.present = ports.present ?? ((stored) => stored);
  }

  /**
   * Current documents of `q` when the read model holds them in memory, in this very tick; else
   * undefined (then call `current`). Time travel never answers from memory.
   */
  peekCurrent(q: OnDemandQuery): readonly string[] | undefined {
    if (q.revision !== undefined || q.asOf !== undefined) return undefined;
    const stored = this.ports.readModel.peekCurrentByName?.(this.currentQueryOf(q));
    return stored === undefined ? undefined : this.present(stored);
  }

  /**
   * Current documents for (name, wiki, namespace) as served. Always asks for the maximum, so every
   * `limit` shares one read-model cache entry. `timed`: report the read model's latency.
   */
  async current(q: OnDemandQuery, timed = true): Promise<readonly string[]> {
    const stop = timed ? this.ports.timeReadModel?.() : undefined;
    const stored = await this.ports.readModel.findCurrentByName(this.currentQueryOf(q));
    stop?.();
    return this.present(stored);
  }

  /** Matching articles as JSON texts, at most `q.limit`; empty when none matches. */
  async find(q: OnDemandQuery): Promise<string[]> {
    if (isPlain(q)) return (await this.current(q)).slice(0, q.limit);
    return (await this.matching(q)).map((doc) => JSON.stringify(q.fields ? q.fields.apply(doc) : doc));
  }

  /** Parsed documents that pass time travel and filters, at most `q.limit` (not projected). */
  async matching(q: OnDemandQuery): Promise<ArticleJson[]> {
    const out: ArticleJson[] = [];
    for (const text of await this.current(q)) {
      if (out.length >= q.limit) break;
      let doc = JSON.parse(text) as ArticleJson;
      if (q.revision !== undefined || q.asOf !== undefined) {
        const past = await this.ports.history.asOf(doc, { revision: q.revision, asOf: q.asOf });
        if (!past) continue;
        doc = past;
      }
      if (passes(doc, q)) out.push(doc);
    }
    return out;
  }

  private currentQueryOf(q: OnDemandQuery): CurrentArticleQuery {
    let c = this.currentQueries.get(q);
    if (!c) {
      c = currentQuery(q);
      this.currentQueries.set(q, c);
    }
    return c;
  }
}

/** The read-model query behind `q`: always the maximum, so every `limit` shares one cache entry. */
export function currentQuery(q: OnDemandQuery): CurrentArticleQuery {
  const scan = q.predicate || q.eventType ? FILTER_SCAN_LIMIT : MAX_LIMIT;
  return { name: q.name, wikis: q.wiki ? [q.wiki] : undefined, namespace: q.namespace, limit: scan };
}

/** Current documents (no time travel) that pass the query's filters, projected, at most `q.limit`. */
export function shapeCurrent(docs: readonly string[], q: OnDemandQuery): string[] {
  const out: string[] = [];
  for (const text of docs) {
    if (out.length >= q.limit) break;
    const doc = JSON.parse(text) as ArticleJson;
    if (!passes(doc, q)) continue;
    out.push(q.fields ? JSON.stringify(q.fields.apply(doc)) : text);
  }
  return out;
}

/** The query's event-type and filter predicates. */
function passes(doc: ArticleJson, q: OnDemandQuery): boolean {
  if (q.eventType !== undefined && (doc.event as { type?: string } | undefined)?.type !== q.eventType) return false;
  return !q.predicate || q.predicate(doc);
}
