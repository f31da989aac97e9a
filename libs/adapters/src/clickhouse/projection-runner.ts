import {
  articleDerivationInputs,
  assembleArticles,
  DerivedLookup,
  EventStore,
  PageStateTracker,
  RecordedEvent,
  toOffset,
} from '@okapi/domain';
import {
  ArticleDocument,
  checkpointRows,
  indexRevisionRows,
  PROJECTIONS,
  ProjectionName,
  ProjectionStep,
  resumeOffset,
  RevisionRow,
  revisionKey,
  revisionRows,
  TABLES,
} from '@okapi/projections';
import { Analytics } from './analytics';
import { buildArticleRows, documentSteps, yieldToEventLoop } from './article-rows.builder';
import { dropViews, migrate } from './migrations';
import { preloadRevisionRows } from './revision-preload';
import { ArticleDerivations } from '../derivations/article-derivations';

export interface ProjectionRunnerOptions {
  /** Most events per batch (default 5000). */
  readonly batchEvents?: number;
  /** A batch also ends once its events carry this many characters of text/html (default 32 Mi). */
  readonly batchChars?: number;
  /** Which views to maintain (default all three); the bench measures `revisions` alone. */
  readonly projections?: readonly ProjectionName[];
  /**
   * Where documents' html/abstract/categories/templates come from (the costly part of a
   * document): a batch's inputs are resolved at once (memory, store, worker threads) before its
   * documents are built. Default: derived in-thread, kept in memory only (same output).
   */
  readonly derivations?: ArticleDerivations;
  /** Page states kept in memory (default 20 000); misses are rebuilt from the page's stream. */
  readonly stateCacheSize?: number;
  /** Clock for checkpoint timestamps (RFC3339). */
  readonly now?: () => string;
  /**
   * The event loop gets a turn every this many events of a batch's synchronous work (state
   * folding, row building), so an API in the same process keeps answering during a long
   * catch-up (default 256).
   */
  readonly yieldEvery?: number;
  /** Test hook between writing a batch's rows and advancing the checkpoint (crash injection). */
  readonly afterWrite?: (lastOffset: number) => Promise<void> | void;
}

export interface BatchResult {
  readonly events: number;
  readonly lastOffset: number;
  readonly rows: { revisions: number; current: number; hourly: number };
  readonly documentsBuilt: number;
}

export interface Lag {
  readonly head: number;
  readonly checkpoint: number;
  readonly events: number;
}

/**
 * Event store -> ClickHouse views. Each batch: read from the position, build rows (pure
 * projections; documents only for each page's final state), insert them, then advance the
 * checkpoint. Rows carry their event's offset as version, so a crash anywhere in between replays
 * events into identical rows: reads under FINAL/argMax see neither loss nor double counting.
 */
export class ProjectionRunner {
  private position: number | undefined;
  private migrated = false;
  /** The next batch, read while the previous one is being written (the engine works off-thread). */
  private prefetched: { from: number; events: Promise<RecordedEvent[]> } | undefined;
  private tracker: PageStateTracker;
  private readonly projections: readonly ProjectionName[];
  private readonly derivations: ArticleDerivations;

  constructor(
    private readonly store: EventStore,
    private readonly analytics: Analytics,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.projections = options.projections ?? PROJECTIONS;
    this.derivations = options.derivations ?? new ArticleDerivations();
    this.tracker = this.newTracker();
  }

  private newTracker(): PageStateTracker {
    return new PageStateTracker(this.store, { cacheSize: this.options.stateCacheSize ?? 20_000 });
  }

  /** Stored checkpoints by projection (0 for none). */
  async checkpoints(): Promise<Map<string, number>> {
    if (!this.migrated) await migrate(this.analytics);
    this.migrated = true;
    const rows = await this.analytics.query<{ projection_name: string; last: number }>(
      `SELECT projection_name, max(last_offset) AS last FROM ${TABLES.checkpoints} GROUP BY projection_name`,
    );
    return new Map(rows.map((r) => [r.projection_name, Number(r.last)]));
  }

  async lag(): Promise<Lag> {
    const head = Number(await this.store.head());
    const checkpoint = resumeOffset(await this.checkpoints(), this.projections) - 1;
    return { head, checkpoint, events: Math.max(0, head - checkpoint) };
  }

  /** Drops every view and its checkpoints, recreates the schema; the next batch starts at 1. */
  async rebuild(): Promise<void> {
    await dropViews(this.analytics);
    await migrate(this.analytics);
    this.position = undefined;
    this.prefetched = undefined;
    this.tracker = this.newTracker();
  }

  /** Projects batches until the head seen at the start is reached. */
  async runUntilCaughtUp(
    signal?: AbortSignal,
    onBatch?: (b: BatchResult) => void,
  ): Promise<{ events: number; batches: number }> {
    const head = Number(await this.store.head());
    let events = 0;
    let batches = 0;
    while (!signal?.aborted) {
      const b = await this.runOnce();
      if (b.events === 0) break;
      events += b.events;
      batches++;
      onBatch?.(b);
      if (b.lastOffset >= head) break;
    }
    return { events, batches };
  }

  /** One batch; `events: 0` when caught up. */
  async runOnce(): Promise<BatchResult> {
    this.position ??= resumeOffset(await this.checkpoints(), this.projections);
    const ahead = this.prefetched?.from === this.position ? this.prefetched.events : undefined;
    this.prefetched = undefined;
    const events = this.trim(await (ahead ?? this.read(this.position)));
    if (events.length === 0)
      return {
        events: 0,
        lastOffset: this.position - 1,
        rows: { revisions: 0, current: 0, hourly: 0 },
        documentsBuilt: 0,
      };
    const lastOffset = Number(events[events.length - 1].offset);
    const result = await this.project(events, lastOffset);
    await this.options.afterWrite?.(lastOffset);
    const at = this.options.now?.() ?? new Date().toISOString();
    await this.analytics.insertJsonEachRow(TABLES.checkpoints, checkpointRows(lastOffset, at, this.projections));
    this.position = lastOffset + 1;
    return result;
  }

  private wants(p: ProjectionName): boolean {
    return this.projections.includes(p);
  }

  private async articleRowsOf(events: RecordedEvent[]): Promise<Awaited<ReturnType<typeof buildArticleRows>>> {
    const steps = await this.steps(events);
    const inputs = documentSteps(steps).flatMap((s) => articleDerivationInputs(s.after, s.event));
    const derived = await this.derivations.resolve(inputs);
    return buildArticleRows(steps, (step) => documentOf(step, derived));
  }

  private async project(events: RecordedEvent[], lastOffset: number): Promise<BatchResult> {
    const revisions = this.wants('revisions') ? await this.revisionRowsOf(events) : [];
    const articles =
      this.wants('articles_current') || this.wants('article_versions_hourly')
        ? await this.articleRowsOf(events)
        : { current: [], hourly: [], documentsBuilt: 0 };
    const current = this.wants('articles_current') ? articles.current : [];
    const hourly = this.wants('article_versions_hourly') ? articles.hourly : [];
    const writing = this.write(revisions, current, hourly);
    const next = { from: lastOffset + 1, events: this.read(lastOffset + 1) };
    next.events.catch(() => undefined); // a failed prefetch is simply read again
    await writing;
    this.prefetched = next;
    // Lookups cached by name must not outlive the rows just written.
    this.analytics.readModel.invalidateNames(new Set(current.map((r) => r.name)));
    return {
      events: events.length,
      lastOffset,
      rows: { revisions: revisions.length, current: current.length, hourly: hourly.length },
      documentsBuilt: articles.documentsBuilt,
    };
  }

  /** Cuts a batch at the character budget (documents grow with the text): memory stays bounded. */
  private trim(events: RecordedEvent[]): RecordedEvent[] {
    const budget = this.options.batchChars ?? 32 * 1024 * 1024;
    let chars = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.type === 'RevisionCreated') chars += (e.data.text?.length ?? 0) + (e.data.html?.length ?? 0);
      if (chars > budget && i > 0) return events.slice(0, i);
    }
    return events;
  }

  private read(from: number): Promise<RecordedEvent[]> {
    return this.store.readAll({ from: toOffset(from), limit: this.options.batchEvents ?? 5000 });
  }

  private async write(revisions: object[], current: object[], hourly: object[]): Promise<void> {
    await this.analytics.insertJsonEachRow(TABLES.revisions, revisions);
    await this.analytics.insertJsonEachRow(TABLES.articlesCurrent, current);
    await this.analytics.insertJsonEachRow(TABLES.articleVersionsHourly, hourly);
  }

  private async revisionRowsOf(events: RecordedEvent[]): Promise<RevisionRow[]> {
    const stored = await preloadRevisionRows(this.analytics, events);
    const batch = new Map<string, RevisionRow>();
    const lookup = (wiki: string, pageId: number, revisionId: number): RevisionRow | undefined => {
      const key = revisionKey(wiki, pageId, revisionId);
      return batch.get(key) ?? stored.get(key);
    };
    const rows: RevisionRow[] = [];
    for (const [i, e] of events.entries()) {
      await this.breathe(i);
      const out = revisionRows(e, Number(e.offset), lookup);
      indexRevisionRows(batch, out);
      rows.push(...out);
    }
    return rows;
  }

  private async steps(events: RecordedEvent[]): Promise<ProjectionStep[]> {
    const steps: ProjectionStep[] = [];
    for (const [i, event] of events.entries()) {
      await this.breathe(i); // cache hits resolve without a macrotask: the loop would never yield
      const { before, after } = await this.tracker.apply(event);
      steps.push({ event, before, after });
    }
    return steps;
  }

  private async breathe(i: number): Promise<void> {
    if (i > 0 && i % (this.options.yieldEvery ?? 256) === 0) await yieldToEventLoop();
  }
}

/** The page's own Article for a step (the mapper's first; a move's second is the old title's delete). */
function documentOf(step: ProjectionStep, derived: DerivedLookup): ArticleDocument | undefined {
  const [article] = assembleArticles(step.after, step.event, derived);
  return article ? { json: JSON.stringify(article), eventType: article.event?.type ?? 'update' } : undefined;
}

/** The runner as `okapi project` and `okapi start` use it: configured batch size, the process's derivations. */
export function projectionRunnerFor(runtime: {
  eventStore: EventStore;
  analytics: Analytics;
  derivations: ArticleDerivations;
  config: { projectBatchEvents?: number };
}): ProjectionRunner {
  return new ProjectionRunner(runtime.eventStore, runtime.analytics, {
    batchEvents: runtime.config.projectBatchEvents ?? 5000,
    derivations: runtime.derivations,
  });
}
