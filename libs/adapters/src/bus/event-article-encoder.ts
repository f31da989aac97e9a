import {
  Article,
  articleDerivationInputs,
  assembleArticles,
  EventStore,
  PageState,
  PageStateTracker,
  RecordedEvent,
} from '@okapi/domain';
import { ArticleDerivations } from '../derivations/article-derivations';
import { articleSubject, DerivationResolver } from '@okapi/projections';
import { OutgoingArticle } from '@okapi/projections';

/** `suspect` exactly when Okapi's revertrisk says so (the mapper keeps the two in agreement). */
export function articleFlag(a: Article): 'ok' | 'suspect' {
  return a.version.scores?.revertrisk?.prediction === true ? 'suspect' : 'ok';
}

export function articleSubjectOf(prefix: string, a: Article): string {
  return articleSubject(prefix, {
    wiki: a.is_part_of.identifier,
    namespace: a.namespace.identifier,
    type: a.event?.type ?? 'update',
    flag: articleFlag(a),
  });
}

/**
 * Recorded events -> firehose messages. Used by the publisher and by the gateway when a client
 * resumes from an offset older than the bus retains, so both produce the same Articles.
 * Events must be given in offset order; page state comes from the tracker (rebuilt from the
 * page's stream when not cached, so any starting offset works). Calls may overlap (a publisher
 * encodes ahead while deriving on worker threads): states are still folded in call order.
 * Articles come from the one assembler, derived parts from `derivations` (default: in-thread,
 * memory only; the same Articles, at a higher cost).
 */
export class EventArticleEncoder {
  private readonly tracker: PageStateTracker;
  private folded: Promise<unknown> = Promise.resolve();

  constructor(
    store: EventStore,
    private readonly subjectPrefix: string,
    private readonly derivations: DerivationResolver = new ArticleDerivations(),
    cacheSize?: number,
  ) {
    this.tracker = new PageStateTracker(store, { cacheSize });
  }

  async encode(event: RecordedEvent): Promise<OutgoingArticle[]> {
    return (await this.encodeReporting(event)).articles;
  }

  /**
   * The Articles, and why their derived parts are absent when deriving failed (past its deadline):
   * they still go out, with wikitext and without html/abstract/categories/templates.
   */
  async encodeReporting(event: RecordedEvent): Promise<{ articles: OutgoingArticle[]; derivationFailure?: string }> {
    const after = await this.fold(event);
    const inputs = articleDerivationInputs(after, event);
    const derived = await this.derivations.resolve(inputs);
    const failure = inputs.map((i) => derived.failureOf(i.wikitext, i.context)).find((f) => f !== undefined);
    const articles = assembleArticles(after, event, derived);
    return { articles: this.outgoing(event, articles), ...(failure ? { derivationFailure: failure } : {}) };
  }

  private outgoing(event: RecordedEvent, articles: Article[]): OutgoingArticle[] {
    return articles.map((a, index) => ({
      offset: Number(event.offset),
      index,
      count: articles.length,
      subject: articleSubjectOf(this.subjectPrefix, a),
      ...(a.event?.partition !== undefined ? { partition: a.event.partition } : {}),
      data: JSON.stringify(a),
    }));
  }

  private fold(event: RecordedEvent): Promise<PageState> {
    const after = this.folded.then(() => this.tracker.apply(event)).then((t) => t.after);
    this.folded = after.catch(() => undefined);
    return after;
  }
}
