import {
  articleDerivationInputs,
  articleReaderDecider,
  assembleArticles,
  DerivedLookup,
  EventStore,
  PageState,
  PageStateTracker,
  RecordedEvent,
  textCodePoints,
  toOffset,
} from '@okapi/domain';
import type { DerivationResolver, ResolvedDerivations } from '../ports/derivation-resolver.port';
import { PROJECTIONS, ProjectionName } from '../schema/schema';
import { ProjectionStep } from '../views/article-batch-plan';
import { ArticleDocument, ArticleDocumentRow, CurrentArticleRow, HourlyArticleRow } from '../views/article.rows';
import { checkpointRows, resumeOffset } from '../views/checkpoint';
import { RevisionRow, revisionKey } from '../views/revision.rows';
import { indexRevisionRows, revisionRows } from '../views/revisions.projection';
import { buildArticleRows, documentSteps, yieldToEventLoop } from './article-rows-builder';
import { errorText, isInfrastructureFailure } from './failures';
import { NO_STORED_DOCUMENTS } from './view-store.port';
import type { DocumentKeyOf, StoredDocuments, ViewDeadLetters, ViewStore } from './view-store.port';

/**
 * Characters of text per batch by default. The pipeline holds about three batches (one written,
 * one built, one read and folded), and what they hold outlives V8's young generation: smaller
 * batches leave less to copy and collect. On 25.6k realistic revisions (5.7 KB of wikitext on
 * average), 8 Mi instead of 32 Mi: the rebuild 7 % less main-thread CPU and 5 % less in all (3
 * paired runs, load ~9), the first-time projection 5-13 % less CPU (2 paired runs, load ~11).
 */
const DEFAULT_BATCH_CHARS = 8 * 1024 * 1024;

/** What the projector works over; adapters implement the ports, apps compose them. */
export interface ViewProjectorPorts {
  readonly events: EventStore;
  readonly views: ViewStore;
  /** Where documents' costly derived parts come from (memory, store, worker threads). */
  readonly derivations: DerivationResolver;
  /** Clock for checkpoint and dead-letter timestamps (RFC3339). */
  readonly now: () => string;
  /** Where progress and set-aside lines go. */
  readonly log: (line: string) => void;
  /**
   * Where events the views cannot handle go (a poison event never stalls a view). Without it a
   * failing event fails its batch, which is retried forever (the old behaviour).
   */
  readonly deadLetters?: ViewDeadLetters;
}

export interface ViewProjectorOptions {
  /** Most events per batch (OKAPI_PROJECT_BATCH_EVENTS). */
  readonly batchEvents: number;
  /**
   * A batch also ends once its events carry this many characters of text/html (default 8 Mi,
   * DEFAULT_BATCH_CHARS): what the pipeline keeps alive is about three batches.
   */
  readonly batchChars?: number;
  /** Which views to maintain (default all three); the bench measures `revisions` alone. */
  readonly projections?: readonly ProjectionName[];
  /** Page states kept in memory (default 20 000); misses are rebuilt from the page's stream. */
  readonly stateCacheSize?: number;
  /**
   * The event loop gets a turn every this many events of a batch's synchronous work (state
   * folding, row building), so an API in the same process keeps answering during a long
   * catch-up (default 256).
   */
  readonly yieldEvery?: number;
  /**
   * While following, once caught up after this many batches, documents no row names any more are
   * swept (`sweepOrphanDocuments`; default 100). A projection that does not catch up sweeps
   * every SWEEP_BEHIND_FACTOR times as many batches: `article_documents` must not grow without
   * bound because writes outpace it.
   */
  readonly orphanSweepBatches?: number;
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
  readonly rows: { revisions: number; current: number; hourly: number; documents: number };
  readonly documentsBuilt: number;
}

export interface Lag {
  readonly head: number;
  readonly checkpoint: number;
  readonly events: number;
}

/**
 * Use case "run a projection": event store -> views (ViewStore; ClickHouse in production). Each batch: read from the position, build rows (pure
 * projections; documents only for each page's final state), insert them, then advance the
 * checkpoint. Rows carry their event's offset as version, so a crash anywhere in between replays
 * events into identical rows: reads under FINAL/argMax see neither loss nor double counting.
 */
export class ViewProjector {
  /** The first offset not yet written (checkpoint + 1). */
  private position: number | undefined;
  private migrated = false;
  private tracker: PageStateTracker;
  private readonly projections: readonly ProjectionName[];
  /** False while retrying dead letters: a failure then fails the retry instead of being set aside. */
  private isolating = true;
  /** The checkpoint at the previous orphan sweep: the next one deletes up to there. */
  private sweptUpTo: number | undefined;
  /** Events read past the previous batch's character budget (events never change at an offset). */
  private carried: RecordedEvent[] | undefined;
  /** Builds every document, even one stored in the current format (`okapi project --rebuild --documents`). */
  private regenerateDocuments = false;

  private readonly store: EventStore;
  private readonly views: ViewStore;

  constructor(
    private readonly ports: ViewProjectorPorts,
    private readonly options: ViewProjectorOptions,
  ) {
    this.store = ports.events;
    this.views = ports.views;
    this.projections = options.projections ?? PROJECTIONS;
    this.tracker = this.newTracker();
  }

  private newTracker(): PageStateTracker {
    // States folded only to assemble Articles: without the scoring history (a diff of every revision's text).
    return new PageStateTracker(this.store, {
      cacheSize: this.options.stateCacheSize ?? 20_000,
      decider: articleReaderDecider,
    });
  }

  /** Stored checkpoints by projection (0 for none). */
  async checkpoints(): Promise<Map<string, number>> {
    if (!this.migrated) await this.views.migrate();
    this.migrated = true;
    return this.views.checkpoints();
  }

  async lag(): Promise<Lag> {
    const head = Number(await this.store.head());
    const checkpoint = resumeOffset(await this.checkpoints(), this.projections) - 1;
    return { head, checkpoint, events: Math.max(0, head - checkpoint) };
  }

  /**
   * Drops every view and its checkpoints, recreates the schema; the next batch starts at 1. The
   * stored documents stay; those of the current format are not built again unless
   * `regenerateDocuments` (default false): then every document is built and compared by its bytes.
   */
  async rebuild({ regenerateDocuments = false } = {}): Promise<void> {
    this.regenerateDocuments = regenerateDocuments;
    await this.views.dropViews();
    await this.views.migrate();
    this.position = undefined;
    this.sweptUpTo = undefined;
    this.tracker = this.newTracker();
  }

  /**
   * Deletes the Article documents that no view row names any more (a page changed again within
   * the hour, in a later batch, leaves its earlier document behind), up to the checkpoint of the
   * previous sweep: a reader that took a row's document key just before a newer row replaced it
   * still finds that document, unless it waited a whole sweep interval. The first sweep only
   * records how far the next may go. Returns how many documents it deleted.
   */
  async sweepOrphanDocuments(): Promise<number> {
    const checkpoint = resumeOffset(await this.checkpoints(), this.projections) - 1;
    const upTo = this.sweptUpTo;
    this.sweptUpTo = checkpoint;
    return this.deleteOrphansUpTo(upTo);
  }

  /**
   * The same sweep without the grace of a sweep interval: every orphan up to the checkpoint now.
   * Only for a projection that no reader shares (`okapi project`, which refuses to run while a
   * server holds the data directory): there is no reader that could hold a just-replaced key.
   */
  async sweepOrphanDocumentsNow(): Promise<number> {
    this.sweptUpTo = resumeOffset(await this.checkpoints(), this.projections) - 1;
    return this.deleteOrphansUpTo(this.sweptUpTo);
  }

  private async deleteOrphansUpTo(upTo: number | undefined): Promise<number> {
    if (upTo === undefined || upTo <= 0) return 0;
    if (!this.wants('articles_current') || !this.wants('article_versions_hourly')) return 0;
    return this.views.deleteOrphanDocuments(upTo);
  }

  /**
   * Projects batches until the head seen at the start is reached, as a pipeline: while batch k
   * is written (the engine works off the main thread), batch k+1's rows are built, and batch
   * k+2 is read and folded with its derivations started on the worker pool. Batches are still
   * written, and checkpointed, one after the other in offset order.
   */
  async runUntilCaughtUp(
    signal?: AbortSignal,
    onBatch?: (b: BatchResult) => void,
  ): Promise<{ events: number; batches: number }> {
    const head = Number(await this.store.head());
    this.position ??= resumeOffset(await this.checkpoints(), this.projections);
    let events = 0;
    let batches = 0;
    const done = (b: BatchResult): void => {
      events += b.events;
      batches++;
      onBatch?.(b);
    };
    let folded: FoldedBatch | undefined = await this.fold(await this.read(this.position));
    let writing: { batch: BuiltBatch; written: Promise<BatchResult> } | undefined;
    try {
      while (folded?.events.length && !signal?.aborted) {
        const next: Promise<FoldedBatch> | undefined =
          folded.lastOffset < head ? this.fold(await this.read(folded.lastOffset + 1)) : undefined;
        // Never unhandled while this batch is built; awaited below.
        next?.catch(() => undefined);
        // Batch k-1 may still be on its way to the engine: its revision rows stand in for the stored ones.
        const built = await this.build(folded, writing?.batch.revisionIndex);
        if (writing) done(await writing.written);
        writing = { batch: built, written: this.commit(built) };
        writing.written.catch(() => undefined);
        folded = await next;
      }
    } finally {
      // A batch being written is finished (or fails) before returning: the checkpoint is consistent.
      if (writing) done(await writing.written);
    }
    return { events, batches };
  }

  /**
   * Follows the store live (the views worker): one batch at a time, and once caught up `idle()`
   * (the poll interval) before asking again, until `signal` aborts. A failing batch throws and
   * the caller's supervisor restarts the loop; nothing advanced the checkpoint past unwritten rows.
   */
  async follow(signal: AbortSignal, idle: () => Promise<void>, onBatch?: (b: BatchResult) => void): Promise<void> {
    const sweepEvery = this.options.orphanSweepBatches ?? 100;
    let sinceSweep = sweepEvery; // the first time caught up records where the next sweep may go
    while (!signal.aborted) {
      const batch = await this.runOnce();
      onBatch?.(batch);
      const caughtUp = batch.events === 0;
      if (!caughtUp) sinceSweep++;
      if (sinceSweep >= (caughtUp ? sweepEvery : sweepEvery * SWEEP_BEHIND_FACTOR)) {
        await this.sweepOrphanDocuments();
        sinceSweep = 0;
      }
      if (caughtUp) await idle();
    }
  }

  /** One batch; `events: 0` when caught up. */
  async runOnce(): Promise<BatchResult> {
    this.position ??= resumeOffset(await this.checkpoints(), this.projections);
    const folded = await this.fold(await this.read(this.position));
    if (folded.events.length === 0)
      return {
        events: 0,
        lastOffset: this.position - 1,
        rows: { revisions: 0, current: 0, hourly: 0, documents: 0 },
        documentsBuilt: 0,
      };
    return this.commit(await this.build(folded));
  }

  private wants(p: ProjectionName): boolean {
    return this.projections.includes(p);
  }

  private get wantsArticles(): boolean {
    return this.wants('articles_current') || this.wants('article_versions_hourly');
  }

  /**
   * First stage of a batch: page states folded through its events (in offset order: batches are
   * folded one after the other), and the derivations its documents need started, not awaited.
   */
  private async fold(events: RecordedEvent[]): Promise<FoldedBatch> {
    const poisoned = new Map<number, unknown>();
    if (this.options.inspect)
      for (const e of events) {
        try {
          this.options.inspect(e);
        } catch (error) {
          this.setAside(poisoned, e, error);
        }
      }
    const steps = this.wantsArticles ? await this.steps(events, poisoned) : [];
    const wanted = documentSteps(steps);
    const stored = wanted.length
      ? this.views.storedDocuments(wanted.map(documentKeyOf))
      : Promise.resolve(NO_STORED_DOCUMENTS);
    // A document stored in the current format is not built again (unless regenerating): neither its text nor its derivations are read.
    const derived = stored.then((held) =>
      this.ports.derivations.resolve(
        wanted.flatMap((s) =>
          this.regenerateDocuments || held.currentFormat(documentKeyOf(s)) === undefined
            ? articleDerivationInputs(s.after, s.event)
            : [],
        ),
      ),
    );
    derived.catch(() => undefined); // awaited by build; never unhandled if the batch is dropped
    const lastOffset = events.length ? Number(events[events.length - 1].offset) : 0;
    return { events, lastOffset, poisoned, steps, wanted, derived, stored };
  }

  /** Second stage: the batch's rows, once its derivations are in. */
  private async build(batch: FoldedBatch, unwritten?: ReadonlyMap<string, RevisionRow>): Promise<BuiltBatch> {
    const { poisoned } = batch;
    const { rows: revisions, index: revisionIndex } = this.wants('revisions')
      ? await this.revisionRowsOf(batch.events, poisoned, unwritten)
      : { rows: [], index: new Map<string, RevisionRow>() };
    const derived = await batch.derived;
    const stored = await batch.stored;
    await this.recordDerivationFailures(batch.wanted, derived);
    // Documents the store holds in the current format are not built; those it holds with the same bytes are dropped as built.
    const kept = new Set<number>();
    const articles = this.wantsArticles
      ? await buildArticleRows(batch.steps, (step) => {
          try {
            const key = documentKeyOf(step);
            const held = this.regenerateDocuments ? undefined : stored.currentFormat(key);
            if (held !== undefined) return { json: '', eventType: held };
            const doc = documentOf(step, derived);
            if (!doc || stored.holds({ ...key, doc: doc.json, event_type: doc.eventType }))
              return doc && { ...doc, json: '' };
            kept.add(Number(step.event.offset));
            return doc;
          } catch (e) {
            this.setAside(poisoned, step.event, e);
            return undefined; // the page keeps its previous document
          }
        })
      : { current: [], hourly: [], documents: [], documentsBuilt: 0 };
    const clean = <R extends VersionedRow>(rows: R[]) =>
      poisoned.size ? rows.filter((r) => !poisoned.has(r.version)) : rows;
    return {
      events: batch.events,
      lastOffset: batch.lastOffset,
      poisoned,
      revisions: clean(revisions),
      revisionIndex,
      current: this.wants('articles_current') ? clean(articles.current) : [],
      hourly: this.wants('article_versions_hourly') ? clean(articles.hourly) : [],
      documents: clean(articles.documents).filter((d) => kept.has(d.version)),
      stored,
      documentsBuilt: articles.documentsBuilt,
    };
  }

  /** Last stage: writes the rows, records the poison events, then advances the checkpoint. */
  private async commit(batch: BuiltBatch): Promise<BatchResult> {
    const result = await this.writeBatch(batch);
    await this.options.afterWrite?.(batch.lastOffset);
    await this.views.writeCheckpoints(checkpointRows(batch.lastOffset, this.ports.now(), this.projections));
    this.position = batch.lastOffset + 1;
    return result;
  }

  private async writeBatch(batch: BuiltBatch): Promise<BatchResult> {
    const { current } = batch;
    await this.writeIsolating(batch);
    const deadLettered = await this.recordPoisoned(batch.poisoned, batch.events);
    // Lookups cached by name must not outlive the rows just written.
    this.views.invalidateNames(new Set(current.map((r) => r.name)));
    return {
      events: batch.events.length,
      ...(deadLettered ? { deadLettered } : {}),
      lastOffset: batch.lastOffset,
      rows: {
        revisions: batch.revisions.length,
        current: current.length,
        hourly: batch.hourly.length,
        documents: batch.documents.length,
      },
      documentsBuilt: batch.documentsBuilt,
    };
  }

  /** Events whose derivation failed: their documents are written without the derived parts, and recorded. */
  private async recordDerivationFailures(
    steps: readonly { after: PageState; event: RecordedEvent }[],
    derived: ResolvedDerivations,
  ): Promise<void> {
    const letters = this.ports.deadLetters;
    if (!letters || derived.failed === 0) return;
    for (const s of steps)
      for (const i of articleDerivationInputs(s.after, s.event)) {
        const failure = derived.failureOf(i.wikitext, i.context);
        if (failure) await letters.derivationFailed(s.event, failure);
      }
  }

  /** One event's failure: set aside when dead letters are on and it is the event's fault, else thrown. */
  private setAside(poisoned: Map<number, unknown>, event: RecordedEvent, error: unknown): void {
    if (!this.ports.deadLetters || !this.isolating || isInfrastructureFailure(error)) throw error;
    const offset = Number(event.offset);
    if (!poisoned.has(offset)) poisoned.set(offset, error);
  }

  /** A write failure is the data's fault only when the view store says so (and still answers). */
  private async engineDown(error: unknown): Promise<boolean> {
    return isInfrastructureFailure(error) || !(await this.views.blamesData(error));
  }

  /**
   * Writes the batch; when the engine refuses it while still answering, bisects by event offset
   * (every row carries its event's offset as version) to find the rows it refuses, sets their
   * events aside, and writes the rest. An engine that is down fails the batch: retried, not blamed.
   */
  private async writeIsolating(batch: BuiltBatch): Promise<void> {
    const { poisoned, revisions, current, hourly, documents, stored } = batch;
    try {
      await this.views.writeRows({ revisions, current, hourly, documents }, stored);
      return;
    } catch (e) {
      if (!this.ports.deadLetters || !this.isolating || (await this.engineDown(e))) throw e;
    }
    const offsets = [...new Set([...revisions, ...current, ...hourly, ...documents].map((r) => r.version))].sort(
      (a, b) => a - b,
    );
    const bisect = async (part: number[]): Promise<void> => {
      const keep = new Set(part);
      const only = <R extends VersionedRow>(rows: R[]) => rows.filter((r) => keep.has(r.version));
      try {
        await this.views.writeRows(
          { revisions: only(revisions), current: only(current), hourly: only(hourly), documents: only(documents) },
          stored,
        );
      } catch (e) {
        if (await this.engineDown(e)) throw e;
        if (part.length === 1) {
          if (!poisoned.has(part[0])) poisoned.set(part[0], e);
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
  private async recordPoisoned(poisoned: Map<number, unknown>, events: readonly RecordedEvent[]): Promise<number> {
    const letters = this.ports.deadLetters;
    if (!letters || poisoned.size === 0) return 0;
    const at = this.ports.now();
    for (const e of events) {
      const error = poisoned.get(Number(e.offset));
      if (error === undefined) continue;
      await letters.setAside(e, error, at);
      this.ports.log(`views: event ${Number(e.offset)} (${e.type}, ${e.stream}) set aside: ${errorText(error)}`);
    }
    return poisoned.size;
  }

  /**
   * Replays dead letters after a fix: each event alone, with the page state rebuilt from its
   * stream, its rows versioned by its own offset (a newer row of the same page still wins).
   * Those that land are removed from the store; the others stay, with one more attempt.
   */
  async retry(offsets: readonly number[]): Promise<{ landed: number[]; failed: { offset: number; error: string }[] }> {
    const letters = this.ports.deadLetters;
    if (!this.migrated) await this.checkpoints();
    const landed: number[] = [];
    const failed: { offset: number; error: string }[] = [];
    const tracker = this.tracker;
    this.isolating = false;
    try {
      for (const offset of offsets) {
        const event = (await this.store.readAll({ from: toOffset(offset), limit: 1 })).at(0);
        try {
          if (!event || Number(event.offset) !== offset) throw new Error(`no event at offset ${offset}`);
          this.tracker = this.newTracker();
          await this.writeBatch(await this.build(await this.fold([event])));
          await letters?.landed(offset);
          landed.push(offset);
        } catch (e) {
          if (letters && event) await letters.failedAgain(event, e);
          failed.push({ offset, error: errorText(e) });
        }
      }
    } finally {
      this.isolating = true;
      this.tracker = tracker;
    }
    return { landed, failed };
  }

  /**
   * Events from `from` on, one batch's worth, cut at the character budget. The events a read
   * brought past the cut start the next batch instead of being read (and parsed) again: with
   * Wikipedia-sized texts the budget cuts most batches, and a full read is several batches' worth.
   */
  private async read(from: number): Promise<RecordedEvent[]> {
    const carried = this.carried?.at(0)?.offset === from ? this.carried : undefined;
    this.carried = undefined;
    // Texts read on demand: only the documents' (one per page and batch at most) are needed.
    const events =
      carried ??
      (await this.store.readAll({ from: toOffset(from), limit: this.options.batchEvents, textOnDemand: true }));
    const batch = this.trim(events);
    if (batch.length < events.length) this.carried = events.slice(batch.length);
    return batch;
  }

  /**
   * Cuts a batch at the character budget (documents grow with the text): memory stays bounded.
   * Text counts in code points (what the store counts without reading it), html in UTF-16 units.
   */
  private trim(events: RecordedEvent[]): RecordedEvent[] {
    const budget = this.options.batchChars ?? DEFAULT_BATCH_CHARS;
    let chars = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.type === 'RevisionCreated') chars += (textCodePoints(e.data) ?? 0) + (e.data.html?.length ?? 0);
      if (chars > budget && i > 0) return events.slice(0, i);
    }
    return events;
  }

  /**
   * The batch's `revisions` rows, and all of them by key. A revert or visibility change rewrites
   * rows it reads from this batch, else from `unwritten` (the previous batch, maybe still being
   * written), else from the engine.
   */
  private async revisionRowsOf(
    events: RecordedEvent[],
    poisoned: Map<number, unknown>,
    unwritten?: ReadonlyMap<string, RevisionRow>,
  ): Promise<{ rows: RevisionRow[]; index: Map<string, RevisionRow> }> {
    const stored = await this.views.revisionRowsFor(events, unwritten);
    const index = new Map<string, RevisionRow>();
    const lookup = (wiki: string, pageId: number, revisionId: number): RevisionRow | undefined => {
      const key = revisionKey(wiki, pageId, revisionId);
      return index.get(key) ?? unwritten?.get(key) ?? stored.get(key);
    };
    const rows: RevisionRow[] = [];
    for (const [i, e] of events.entries()) {
      await this.breathe(i);
      if (poisoned.has(Number(e.offset))) continue;
      let out: RevisionRow[];
      try {
        out = revisionRows(e, Number(e.offset), lookup);
      } catch (error) {
        this.setAside(poisoned, e, error);
        continue;
      }
      indexRevisionRows(index, out);
      rows.push(...out);
    }
    return { rows, index };
  }

  private async steps(events: RecordedEvent[], poisoned: Map<number, unknown>): Promise<ProjectionStep[]> {
    const steps: ProjectionStep[] = [];
    for (const [i, event] of events.entries()) {
      await this.breathe(i); // cache hits resolve without a macrotask: the loop would never yield
      if (poisoned.has(Number(event.offset))) continue;
      try {
        const { before, after } = await this.tracker.apply(event);
        steps.push({ event, before, after });
      } catch (error) {
        this.setAside(poisoned, event, error);
      }
    }
    return steps;
  }

  private async breathe(i: number): Promise<void> {
    if (i > 0 && i % (this.options.yieldEvery ?? 256) === 0) await yieldToEventLoop();
  }
}

/**
 * A projection that is behind sweeps this many times less often than one caught up: a sweep
 * reads the views (FINAL), time a catch-up would rather spend on its batches.
 */
const SWEEP_BEHIND_FACTOR = 10;

/** A batch read and folded through the page states; its derivations under way. */
interface FoldedBatch {
  readonly events: RecordedEvent[];
  readonly lastOffset: number;
  /** Its poison events (offset -> error); recorded before its checkpoint moves. */
  readonly poisoned: Map<number, unknown>;
  readonly steps: ProjectionStep[];
  /** The steps that get a document. */
  readonly wanted: ProjectionStep[];
  readonly derived: Promise<ResolvedDerivations>;
  /** The documents the view store already holds under the batch's keys. */
  readonly stored: Promise<StoredDocuments>;
}

/** The key of the document a step gets (documentRow). */
function documentKeyOf(step: ProjectionStep): DocumentKeyOf {
  return { wiki: step.after.wiki, page_id: step.after.pageId, version: Number(step.event.offset) };
}

/** A batch's rows, ready to write. */
interface BuiltBatch {
  readonly events: RecordedEvent[];
  readonly lastOffset: number;
  readonly poisoned: Map<number, unknown>;
  readonly revisions: RevisionRow[];
  /** Every revisions row of the batch by key: what the next batch reads while this one is written. */
  readonly revisionIndex: ReadonlyMap<string, RevisionRow>;
  readonly current: CurrentArticleRow[];
  readonly hourly: HourlyArticleRow[];
  /** The documents `current` and `hourly` name, each once, except those the store holds with the same bytes. */
  readonly documents: ArticleDocumentRow[];
  /** What the store held under the documents' keys when the batch was folded. */
  readonly stored: StoredDocuments;
  readonly documentsBuilt: number;
}

type VersionedRow = { readonly version: number };

/** The page's own Article for a step (the mapper's first; a move's second is the old title's delete). */
function documentOf(step: ProjectionStep, derived: DerivedLookup): ArticleDocument | undefined {
  const article = assembleArticles(step.after, step.event, derived).at(0);
  return article ? { json: JSON.stringify(article), eventType: article.event?.type ?? 'update' } : undefined;
}
