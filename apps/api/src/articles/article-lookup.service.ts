import { Inject, Injectable } from '@nestjs/common';
import type { CurrentArticleQuery, ReadModel } from '@okapi/projections';
import type { ArticleJson } from '@okapi/projections';
import { notFound } from '@okapi/adapters/errors';
import { counter, histogram, hotCounter } from '@okapi/adapters/metrics';
import { ArticleHistoryService } from './article-history.service';
import { ArticleHtmlService } from './article-html.service';
import { READ_MODEL } from '@okapi/adapters/runtime';
import { HtmlFillMemo } from './html-fill-memo';
import { encodeDocuments, ResponseBodyMemo, ShapedBodyMemo } from './response-body-memo';
import { isPlain, MAX_LIMIT, OnDemandQuery } from '@okapi/projections';

const lookups = counter('okapi_lookup_total', 'On-demand article lookups by outcome.', ['outcome']);
const found = hotCounter(lookups, 'found');
const notFoundCount = hotCounter(lookups, 'not_found');
const readModelSeconds = histogram(
  'okapi_lookup_read_model_seconds',
  'Read-model latency of on-demand lookups.',
  [],
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
);

/** Titles shared by more wikis than this are filtered in memory from at most this many rows. */
const FILTER_SCAN_LIMIT = 1000;

/**
 * On-demand lookups over `articles_current`. The stored WME JSON is served byte for byte when
 * the request has no fields or filters (the hot path); otherwise documents are parsed, filtered
 * and projected. Caching is the read model's (coherent with the projector); this service only
 * memoises documents whose HTML it rendered.
 */
@Injectable()
export class ArticleLookupService {
  private readonly memo = new HtmlFillMemo();
  private readonly bodies = new ResponseBodyMemo();
  private readonly shapedBodies = new ShapedBodyMemo();
  private readonly shapedKeys = new WeakMap<OnDemandQuery, readonly [string, string]>();
  /** The read-model query of each (memoised) lookup query, made once. */
  private readonly currentQueries = new WeakMap<OnDemandQuery, CurrentArticleQuery>();

  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
    private readonly html: ArticleHtmlService,
    private readonly history: ArticleHistoryService,
  ) {}

  /**
   * The encoded answer of any query without time travel when the read model answers from memory
   * and something matches, in this very tick; else undefined (then call `body`, which also
   * handles not-found). Plain queries serve the stored texts; shaped ones (fields, filters) are
   * encoded once per stored result and query key.
   */
  bodyNow(q: OnDemandQuery, ndjson: boolean): Buffer | undefined {
    if (q.revision !== undefined || q.asOf !== undefined) return undefined;
    const raw = this.readModel.peekCurrentByName?.(this.currentQueryOf(q));
    if (raw === undefined || raw.length === 0) return undefined;
    const body = this.encode(
      q,
      this.memo.fillAll(raw, (d) => this.html.fill(d)),
      ndjson,
    );
    if (body !== undefined) found.inc();
    return body;
  }

  /** The encoded answer of `q`; throws article.not_found when nothing matches. */
  async body(q: OnDemandQuery, ndjson: boolean, countMisses = true): Promise<Buffer> {
    if (q.revision !== undefined || q.asOf !== undefined) return encodeDocuments(await this.find(q), ndjson);
    const body = this.encode(q, await this.current(q, !isPlain(q)), ndjson);
    // The fast path hands misses to the Nest route, which counts them: do not count twice.
    if (body !== undefined) found.inc();
    else if (countMisses) notFoundCount.inc();
    if (body === undefined) throw notFound('article.not_found', `article "${q.name}" not found`);
    return body;
  }

  /** The memoised body of `q` over the current documents; undefined when none matches. */
  private encode(q: OnDemandQuery, docs: readonly string[], ndjson: boolean): Buffer | undefined {
    if (docs.length === 0) return undefined;
    if (isPlain(q)) return this.bodies.get(docs, q.limit, ndjson);
    return this.shapedBodies.get(docs, this.shapedKey(q, ndjson), () => {
      const out = shapeCurrent(docs, q);
      return out.length ? encodeDocuments(out, ndjson) : undefined;
    });
  }

  private currentQueryOf(q: OnDemandQuery): CurrentArticleQuery {
    let c = this.currentQueries.get(q);
    if (!c) {
      c = currentQuery(q);
      this.currentQueries.set(q, c);
    }
    return c;
  }

  /**
   * The shaped-body memo key of `q` in a format, made once per query object (the fast path
   * remembers its parsed queries): the same string each time, whose hash is already known.
   */
  private shapedKey(q: OnDemandQuery, ndjson: boolean): string {
    let keys = this.shapedKeys.get(q);
    if (!keys) {
      keys = [`${q.key}|j`, `${q.key}|n`];
      this.shapedKeys.set(q, keys);
    }
    return keys[ndjson ? 1 : 0];
  }

  /** Matching articles as JSON texts, at most `q.limit`; throws article.not_found when none. */
  async find(q: OnDemandQuery): Promise<string[]> {
    const out = isPlain(q) ? (await this.current(q)).slice(0, q.limit) : await this.shape(q);
    (out.length ? found : notFoundCount).inc();
    if (out.length === 0) throw notFound('article.not_found', `article "${q.name}" not found`);
    return out;
  }

  /**
   * Current documents for (name, wiki, namespace) with HTML filled in. Always asks for the
   * maximum, so every `limit` shares one read-model cache entry.
   */
  private async current(q: OnDemandQuery, timed = true): Promise<readonly string[]> {
    const stop = timed ? readModelSeconds.startTimer() : undefined;
    const raw = await this.readModel.findCurrentByName(this.currentQueryOf(q));
    stop?.();
    return this.memo.fillAll(raw, (d) => this.html.fill(d));
  }

  /** Parsed documents that pass time travel and filters, at most `q.limit` (not projected). */
  async matching(q: OnDemandQuery): Promise<ArticleJson[]> {
    const out: ArticleJson[] = [];
    for (const text of await this.current(q)) {
      if (out.length >= q.limit) break;
      let doc = JSON.parse(text) as ArticleJson;
      if (q.revision !== undefined || q.asOf !== undefined) {
        const past = await this.history.asOf(doc, { revision: q.revision, asOf: q.asOf });
        if (!past) continue;
        doc = past;
      }
      if (q.eventType !== undefined && (doc.event as { type?: string } | undefined)?.type !== q.eventType) continue;
      if (q.predicate && !q.predicate(doc)) continue;
      out.push(doc);
    }
    return out;
  }

  private async shape(q: OnDemandQuery): Promise<string[]> {
    return (await this.matching(q)).map((doc) => JSON.stringify(q.fields ? q.fields.apply(doc) : doc));
  }
}

/** The read-model query behind `q`: always the maximum, so every `limit` shares one cache entry. */
function currentQuery(q: OnDemandQuery): CurrentArticleQuery {
  const scan = q.predicate || q.eventType ? FILTER_SCAN_LIMIT : MAX_LIMIT;
  return { name: q.name, wikis: q.wiki ? [q.wiki] : undefined, namespace: q.namespace, limit: scan };
}

/** Current documents (no time travel) that pass the query's filters, projected, at most `q.limit`. */
function shapeCurrent(docs: readonly string[], q: OnDemandQuery): string[] {
  const out: string[] = [];
  for (const text of docs) {
    if (out.length >= q.limit) break;
    const doc = JSON.parse(text) as ArticleJson;
    if (q.eventType !== undefined && (doc.event as { type?: string } | undefined)?.type !== q.eventType) continue;
    if (q.predicate && !q.predicate(doc)) continue;
    out.push(q.fields ? JSON.stringify(q.fields.apply(doc)) : text);
  }
  return out;
}
