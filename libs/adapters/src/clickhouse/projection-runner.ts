import { CONFIG_DEFAULTS } from '../config/env.config';
import {
  articleDerivationInputs,
  assembleArticles,
  DerivedLookup,
  EventStore,
  PageState,
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
import { Analytics, InsertOptions } from './analytics';
import { buildArticleRows, documentSteps, yieldToEventLoop } from './article-rows.builder';
import { dropViews, migrate } from './migrations';
import { preloadRevisionRows } from './revision-preload';
import { ArticleDerivations, ResolvedDerivations } from '../derivations/article-derivations';
import { recordDerivationFailure } from '../derivations/derivation-dead-letters';
import {
  deadLetter,
  DeadLetterStore,
  errorText,
  isDataRejection,
  isInfrastructureFailure,
} from '../dead-letters/dead-letter.store';

/** The consumer name of the views in the dead-letter store and `okapi_dead_letters_total`. */
export const VIEWS_CONSUMER = 'views';

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
  /**
   * Where events the views cannot handle go (a poison event never stalls a view). Without it a
   * failing event fails its batch, which is retried forever (the old behaviour).
   */
  readonly deadLetters?: DeadLetterStore;
  /** Test hook: runs on every event before its rows are built (a throw there is a poison event). */
  readonly inspect?: (event: RecordedEvent) => void;
  /** Test hook between writing a batch's rows and advancing the checkpoint (crash injection). */
  readonly afterWrite?: (lastOffset: number) => Promise<void> | void;
}

export interface BatchResult {
  readonly events: number;
  /** Events of the batch set aside in the dead-letter store. */
  readonly deadLettered?: number;
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
  /** Poison events of the batch being projected (offset -> error); recorded before the checkpoint moves. */
  private poisoned = new Map<number, unknown>();
  /** False while retrying dead letters: a failure then fails the retry instead of being set aside. */
  private isolating = true;

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
    await this.recordDerivationFailures(documentSteps(steps), derived);
    return buildArticleRows(steps, (step) => {
      try {
        return documentOf(step, derived);
      } catch (e) {
        this.setAside(step.event, e);
        return undefined; // the page keeps its previous document
      }
    });
  }

  /** Events whose derivation failed: their documents are written without the derived parts, and recorded. */
  private async recordDerivationFailures(
    steps: readonly { after: PageState; event: RecordedEvent }[],
    derived: ResolvedDerivations,
  ): Promise<void> {
    const store = this.options.deadLetters;
    if (!store || derived.failed === 0) return;
    for (const s of steps)
      for (const i of articleDerivationInputs(s.after, s.event)) {
        const failure = derived.failureOf(i.wikitext, i.context);
        if (failure) await recordDerivationFailure(store, s.event, failure);
      }
  }

  /** One event's failure: set aside when dead letters are on and it is the event's fault, else thrown. */
  private setAside(event: RecordedEvent, error: unknown): void {
    if (!this.options.deadLetters || !this.isolating || isInfrastructureFailure(error)) throw error;
    const offset = Number(event.offset);
    if (!this.poisoned.has(offset)) this.poisoned.set(offset, error);
  }

  /** A write failure is the data's fault only when ClickHouse says so and still answers. */
  private async engineDown(error: unknown): Promise<boolean> {
    if (isInfrastructureFailure(error) || !isDataRejection(error)) return true;
    try {
      await this.analytics.query('SELECT 1 AS ok');
      return false;
    } catch {
      return true;
    }
  }

  /**
   * Writes the batch; when the engine refuses it while still answering, bisects by event offset
   * (every row carries its event's offset as version) to find the rows it refuses, sets their
   * events aside, and writes the rest. An engine that is down fails the batch: retried, not blamed.
   */
  private async writeIsolating(
    revisions: RevisionRow[],
    current: VersionedRow[],
    hourly: VersionedRow[],
  ): Promise<void> {
    try {
      await this.write(revisions, current, hourly);
      return;
    } catch (e) {
      if (!this.options.deadLetters || !this.isolating || (await this.engineDown(e))) throw e;
    }
    const offsets = [...new Set([...revisions, ...current, ...hourly].map((r) => Number(r.version)))].sort(
      (a, b) => a - b,
    );
    const bisect = async (part: number[]): Promise<void> => {
      const keep = new Set(part);
      const only = <R extends VersionedRow>(rows: R[]) => rows.filter((r) => keep.has(Number(r.version)));
      try {
        await this.write(only(revisions), only(current), only(hourly));
      } catch (e) {
        if (await this.engineDown(e)) throw e;
        if (part.length === 1) {
          if (!this.poisoned.has(part[0])) this.poisoned.set(part[0], e);
          return;
        }
        const mid = part.length >> 1;
        await bisect(part.slice(0, mid));
        await bisect(part.slice(mid));
      }
    };
    await bisect(offsets);
  }

  /** Records the batch's poison events (before its checkpoint moves: none is dropped silently). */
  private async recordPoisoned(events: readonly RecordedEvent[]): Promise<number> {
    const store = this.options.deadLetters;
    if (!store || this.poisoned.size === 0) return 0;
    const at = this.options.now?.() ?? new Date().toISOString();
    for (const e of events) {
      const error = this.poisoned.get(Number(e.offset));
      if (error === undefined) continue;
      await deadLetter(store, VIEWS_CONSUMER, e, error, at);
      this.logger(`views: event ${Number(e.offset)} (${e.type}, ${e.stream}) set aside: ${errorText(error)}`);
    }
    return this.poisoned.size;
  }

  private logger(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  /**
   * Replays dead letters after a fix: each event alone, with the page state rebuilt from its
   * stream, its rows versioned by its own offset (a newer row of the same page still wins).
   * Those that land are removed from the store; the others stay, with one more attempt.
   */
  async retry(offsets: readonly number[]): Promise<{ landed: number[]; failed: { offset: number; error: string }[] }> {
    const store = this.options.deadLetters;
    if (!this.migrated) await this.checkpoints();
    const landed: number[] = [];
    const failed: { offset: number; error: string }[] = [];
    const saved = { tracker: this.tracker, prefetched: this.prefetched };
    this.isolating = false;
    try {
      for (const offset of offsets) {
        const [event] = await this.store.readAll({ from: toOffset(offset), limit: 1 });
        try {
          if (!event || Number(event.offset) !== offset) throw new Error(`no event at offset ${offset}`);
          this.tracker = this.newTracker();
          await this.project([event], offset);
          await store?.remove(VIEWS_CONSUMER, offset);
          landed.push(offset);
        } catch (e) {
          if (store && event)
            await store.record({ ...letterOf(event), error: errorText(e), at: new Date().toISOString() });
          failed.push({ offset, error: errorText(e) });
        }
      }
    } finally {
      this.isolating = true;
      this.tracker = saved.tracker;
      this.prefetched = saved.prefetched;
    }
    return { landed, failed };
  }

  private async project(events: RecordedEvent[], lastOffset: number): Promise<BatchResult> {
    this.poisoned = new Map();
    if (this.options.inspect)
      for (const e of events) {
        try {
          this.options.inspect(e);
        } catch (error) {
          this.setAside(e, error);
        }
      }
    const revisions = this.wants('revisions') ? await this.revisionRowsOf(events) : [];
    const articles =
      this.wants('articles_current') || this.wants('article_versions_hourly')
        ? await this.articleRowsOf(events)
        : { current: [], hourly: [], documentsBuilt: 0 };
    const current = this.wants('articles_current') ? articles.current : [];
    const hourly = this.wants('article_versions_hourly') ? articles.hourly : [];
    const clean = <R extends VersionedRow>(rows: R[]) =>
      this.poisoned.size ? rows.filter((r) => !this.poisoned.has(Number(r.version))) : rows;
    const writing = this.writeIsolating(clean(revisions), clean(current), clean(hourly));
    const next = { from: lastOffset + 1, events: this.read(lastOffset + 1) };
    next.events.catch(() => undefined); // a failed prefetch is simply read again
    await writing;
    const deadLettered = await this.recordPoisoned(events);
    if (this.isolating) this.prefetched = next;
    // Lookups cached by name must not outlive the rows just written.
    this.analytics.readModel.invalidateNames(new Set(current.map((r) => r.name)));
    return {
      events: events.length,
      ...(deadLettered ? { deadLettered } : {}),
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
    return this.store.readAll({
      from: toOffset(from),
      limit: this.options.batchEvents ?? CONFIG_DEFAULTS.projectBatchEvents,
    });
  }

  private async write(revisions: object[], current: object[], hourly: object[]): Promise<void> {
    await this.analytics.insertJsonEachRow(TABLES.revisions, revisions);
    await this.analytics.insertJsonEachRow(TABLES.articlesCurrent, current, DOCUMENT_ROWS);
    await this.analytics.insertJsonEachRow(TABLES.articleVersionsHourly, hourly, DOCUMENT_ROWS);
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
      if (this.poisoned.has(Number(e.offset))) continue;
      let out: RevisionRow[];
      try {
        out = revisionRows(e, Number(e.offset), lookup);
      } catch (error) {
        this.setAside(e, error);
        continue;
      }
      indexRevisionRows(batch, out);
      rows.push(...out);
    }
    return rows;
  }

  private async steps(events: RecordedEvent[]): Promise<ProjectionStep[]> {
    const steps: ProjectionStep[] = [];
    for (const [i, event] of events.entries()) {
      await this.breathe(i); // cache hits resolve without a macrotask: the loop would never yield
      if (this.poisoned.has(Number(event.offset))) continue;
      try {
        const { before, after } = await this.tracker.apply(event);
        steps.push({ event, before, after });
      } catch (error) {
        this.setAside(event, error);
      }
    }
    return steps;
  }

  private async breathe(i: number): Promise<void> {
    if (i > 0 && i % (this.options.yieldEvery ?? 256) === 0) await yieldToEventLoop();
  }
}

type VersionedRow = { readonly version: number };

/** Article rows: `doc` is an Article's JSON text (documentOf), sent unescaped where the engine can. */
const DOCUMENT_ROWS: InsertOptions = { objectColumns: ['doc'] };

function letterOf(e: RecordedEvent): { consumer: string; offset: number; stream: string; eventType: string } {
  return { consumer: VIEWS_CONSUMER, offset: Number(e.offset), stream: e.stream, eventType: e.type };
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
  deadLetters?: DeadLetterStore;
}): ProjectionRunner {
  return new ProjectionRunner(runtime.eventStore, runtime.analytics, {
    deadLetters: runtime.deadLetters,
    batchEvents: runtime.config.projectBatchEvents,
    derivations: runtime.derivations,
  });
}
