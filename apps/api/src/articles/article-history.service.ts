import { Inject, Injectable } from '@nestjs/common';
import { articleDerivationInputs, EventStore, pageStream, RecordedEvent } from '@okapi/domain';
import type { ArticleJson } from '@okapi/projections';
import { ArticleDerivations } from '@okapi/adapters/derivations/article-derivations';
import { ARTICLE_DERIVATIONS, EVENT_STORE } from '@okapi/adapters/runtime/tokens';
import { pastArticle, pastPoint } from './past-article';

export interface AsOf {
  readonly revision?: number;
  /** RFC3339. */
  readonly asOf?: string;
}

/**
 * Time travel (beyond WME): rebuilds an article as it was from its page's event stream. Events
 * are folded in stream order up to and including the wanted revision, or up to the last event
 * whose wiki-side timestamp is at or before `asOf`. The Article is the one the firehose announced
 * for that revision (same assembler, same derived parts), `event.*` included.
 */
@Injectable()
export class ArticleHistoryService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ARTICLE_DERIVATIONS) private readonly derivations: ArticleDerivations,
  ) {}

  /** The past version of the page `current` describes, or undefined when it did not exist then. */
  async asOf(current: ArticleJson, at: AsOf): Promise<ArticleJson | undefined> {
    const wiki = (current.is_part_of as { identifier?: string } | undefined)?.identifier;
    const pageId = current.identifier;
    if (typeof wiki !== 'string' || typeof pageId !== 'number') return undefined;
    const stream = await this.events.readStream(pageStream(wiki, pageId));
    const upTo = cut(stream, at);
    if (upTo.length === 0) return undefined;
    const point = pastPoint(upTo);
    if (!point) return undefined;
    // Derived parts as the firehose and the views have them: stored once per content.
    const derived = await this.derivations.resolve(articleDerivationInputs(point.state, point.event));
    return pastArticle(upTo, derived);
  }
}

function timestampOf(e: RecordedEvent): number {
  return Date.parse((e.data as { timestamp: string }).timestamp);
}

/** The prefix of the stream that describes the page at `at`; empty when `at` precedes it. */
export function cut(stream: readonly RecordedEvent[], at: AsOf): readonly RecordedEvent[] {
  if (at.revision !== undefined) {
    const i = stream.findIndex((e) => e.type === 'RevisionCreated' && e.data.revisionId === at.revision);
    return i < 0 ? [] : stream.slice(0, i + 1);
  }
  if (at.asOf !== undefined) {
    const limit = Date.parse(at.asOf);
    return stream.filter((e) => timestampOf(e) <= limit);
  }
  return stream;
}
