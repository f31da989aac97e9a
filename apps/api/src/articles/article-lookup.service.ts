import { Inject, Injectable } from '@nestjs/common';
import { ArticleJson, ArticleLookup, isPlain, OnDemandQuery, ReadModel, shapeCurrent } from '@okapi/projections';
import { notFound } from '@okapi/adapters/errors';
import { counter, histogram, hotCounter } from '@okapi/adapters/metrics';
import { ArticleHistoryService } from './article-history.service';
import { ArticleHtmlService } from './article-html.service';
import { READ_MODEL } from '@okapi/adapters/runtime';
import { HtmlFillMemo } from './html-fill-memo';
import { encodeDocuments, ResponseBodyMemo, ShapedBodyMemo } from './response-body-memo';

const lookups = counter('okapi_lookup_total', 'On-demand article lookups by outcome.', ['outcome']);
const found = hotCounter(lookups, 'found');
const notFoundCount = hotCounter(lookups, 'not_found');
const readModelSeconds = histogram(
  'okapi_lookup_read_model_seconds',
  'Read-model latency of on-demand lookups.',
  [],
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
);

/**
 * On-demand lookups at the HTTP edge, over the "serve an article" use case (ArticleLookup in
 * libs/projections/src/application: which query, which documents, time travel, filters, fields).
 * Here: the stored WME JSON is served byte for byte when the request has no fields or filters (the
 * hot path), bodies are encoded and memoised, lookups counted, and "nothing found" becomes
 * article.not_found. Caching is the read model's (coherent with the projector); this service only
 * memoises documents whose HTML it rendered.
 */
@Injectable()
export class ArticleLookupService {
  private readonly memo = new HtmlFillMemo();
  private readonly bodies = new ResponseBodyMemo();
  private readonly shapedBodies = new ShapedBodyMemo();
  private readonly shapedKeys = new WeakMap<OnDemandQuery, readonly [string, string]>();
  private readonly lookup: ArticleLookup;

  constructor(@Inject(READ_MODEL) readModel: ReadModel, html: ArticleHtmlService, history: ArticleHistoryService) {
    this.lookup = new ArticleLookup({
      readModel,
      history,
      present: (stored) => this.memo.fillAll(stored, (d) => html.fill(d)),
      timeReadModel: () => readModelSeconds.startTimer(),
    });
  }

  /**
   * The encoded answer of any query without time travel when the read model answers from memory
   * and something matches, in this very tick; else undefined (then call `body`, which also
   * handles not-found). Plain queries serve the stored texts; shaped ones (fields, filters) are
   * encoded once per stored result and query key.
   */
  bodyNow(q: OnDemandQuery, ndjson: boolean): Buffer | undefined {
    const docs = this.lookup.peekCurrent(q);
    if (docs === undefined || docs.length === 0) return undefined;
    const body = this.encode(q, docs, ndjson);
    if (body !== undefined) found.inc();
    return body;
  }

  /** The encoded answer of `q`; throws article.not_found when nothing matches. */
  async body(q: OnDemandQuery, ndjson: boolean, countMisses = true): Promise<Buffer> {
    if (q.revision !== undefined || q.asOf !== undefined) return encodeDocuments(await this.find(q), ndjson);
    const body = this.encode(q, await this.lookup.current(q, !isPlain(q)), ndjson);
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
    const out = await this.lookup.find(q);
    (out.length ? found : notFoundCount).inc();
    if (out.length === 0) throw notFound('article.not_found', `article "${q.name}" not found`);
    return out;
  }

  /** Parsed documents that pass time travel and filters, at most `q.limit` (not projected). */
  matching(q: OnDemandQuery): Promise<ArticleJson[]> {
    return this.lookup.matching(q);
  }
}
