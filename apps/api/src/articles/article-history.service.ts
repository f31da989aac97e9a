import { Inject, Injectable } from '@nestjs/common';
import {
  articleDerivationInputs,
  evolve,
  EventStore,
  initialPageState,
  pageStream,
  RecordedEvent,
  StreamName,
} from '@okapi/domain';
import type { ArticleHistory, ArticleJson, DerivationResolver, HistoryPoint } from '@okapi/projections';
import { ARTICLE_DERIVATIONS, EVENT_STORE } from '@okapi/adapters/runtime';
import { articleAt, PastPoint, pointAt } from './past-article';

/** A revision id, or an RFC3339 instant. */
export type AsOf = HistoryPoint;

/**
 * Time travel (beyond WME): rebuilds an article as it was from its page's event stream. Events
 * are folded in stream order up to and including the wanted revision, or up to the last event
 * whose wiki-side timestamp is at or before `asOf`. The Article is the one the firehose announced
 * for that revision (same assembler, same derived parts), `event.*` included.
 */
@Injectable()
export class ArticleHistoryService implements ArticleHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ARTICLE_DERIVATIONS) private readonly derivations: DerivationResolver,
  ) {}

  /** The past version of the page `current` describes, or undefined when it did not exist then. */
  async asOf(current: ArticleJson, at: AsOf): Promise<ArticleJson | undefined> {
    const wiki = (current.is_part_of as { identifier?: string } | undefined)?.identifier;
    const pageId = current.identifier;
    if (typeof wiki !== 'string' || typeof pageId !== 'number') return undefined;
    const point = await this.pointAt(pageStream(wiki, pageId), at);
    if (!point) return undefined;
    // Derived parts as the firehose and the views have them: stored once per content.
    const derived = await this.derivations.resolve(articleDerivationInputs(point.state, point.event));
    return articleAt(point, derived);
  }

  /**
   * Folds the stream window by window (a page's history can hold thousands of full revisions,
   * gigabytes together): only the state and the event that recorded its current revision are
   * kept, never the whole stream. Same result as `pastPoint(cut(stream, at))`.
   */
  private async pointAt(stream: StreamName, at: AsOf): Promise<PastPoint | undefined> {
    const limit = at.asOf === undefined ? undefined : Date.parse(at.asOf);
    let state = initialPageState();
    let recorded: RecordedEvent | undefined;
    let folded = false;
    let found = at.revision === undefined;
    const fold = (e: RecordedEvent): void => {
      state = evolve(state, e);
      folded = true;
      if (e.type === 'RevisionCreated' && state.current?.revisionId === e.data.revisionId) recorded = e;
    };
    await this.eachWindow(stream, (window) => {
      for (const e of window) {
        if (limit !== undefined && !(timestampOf(e) <= limit)) continue;
        fold(e);
        if (at.revision !== undefined && e.type === 'RevisionCreated' && e.data.revisionId === at.revision) {
          found = true;
          return false;
        }
      }
      return true;
    });
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- fold() sets it inside the callback, which TypeScript's narrowing does not follow (TypeScript#9998).
    if (!folded || !found) return undefined;
    const current = state.current;
    if (current && !records(recorded, current.revisionId)) {
      // The current revision was recorded before a later one that did not become current: find it.
      recorded = undefined;
      await this.eachWindow(stream, (window) => {
        recorded = window.find((e) => records(e, current.revisionId));
        return recorded === undefined;
      });
    }
    return pointAt(state, recorded);
  }

  /** Calls `visit` with consecutive windows of the stream until it returns false or the stream ends. */
  private async eachWindow(stream: StreamName, visit: (window: readonly RecordedEvent[]) => boolean): Promise<void> {
    for (let from = 0; ; from += WINDOW) {
      const window = await this.events.readStream(stream, { fromRevision: from, toRevision: from + WINDOW - 1 });
      if (!visit(window) || window.length < WINDOW) return;
    }
  }
}

/** Events read at once while folding a page's history: at most 64 MB of text even at MediaWiki's 2 MiB a revision. */
const WINDOW = 32;

/** True when `e` is the event that recorded revision `id`. */
function records(e: RecordedEvent | undefined, id: number): boolean {
  return e?.type === 'RevisionCreated' && e.data.revisionId === id;
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
