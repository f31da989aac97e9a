import { CommandSink } from './command-sink.port';
import { LRUCache } from 'lru-cache';
import { PageCommand } from '../commands/page.commands';
import { AppendRequest, AppendResult, EventStore, StreamRevisionConflict } from '../ports/event-store.port';
import { Offset } from '../shared/offset';
import { StreamName } from '../shared/stream-name';
import { decideStreams, Folded, groupByStream } from './decide-batch';
import { defaultPageDecider, PageDecider } from './page-decider.port';
import { DecidedBatch } from './page-decisions-ahead';

export interface PageCommandHandlerOptions {
  /** Probability at or above which a revision is flagged `suspect` (default: the revert-risk model's threshold). */
  readonly suspectThreshold?: number;
  /** Folded page states kept in memory. Default 5 000 (a state holds the current text). */
  readonly cacheSize?: number;
  /** Appends retried after another writer moved a stream first. Default 5. */
  readonly maxRetries?: number;
  /** Default: the real page decider. */
  readonly decider?: PageDecider;
}

export interface HandleResult {
  /** Events appended. */
  readonly appended: number;
  /** Commands that produced no event (already recorded: at-least-once sources). */
  readonly duplicates: number;
  /** Offset of the last event appended; absent when nothing was appended. */
  readonly lastOffset?: Offset;
}

/** Events read at once when loading a page: at most 64 MB of text at MediaWiki's 2 MiB a revision. */
const LOAD_WINDOW = 32;

/**
 * Turns page commands into events: one decide per command, sequentially per page (per-page order
 * is kept), and ONE `store.append` per `handle` call so a batch of 1000 commands is one transaction.
 * Calls are serialised; a conflict (another process appended first) evicts the batch's pages,
 * reloads and decides again, so a redelivered command still becomes a no-op, never a duplicate.
 */
export class PageCommandHandler implements CommandSink {
  private readonly cache: LRUCache<StreamName, Folded>;
  private readonly decider: PageDecider;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly options: PageCommandHandlerOptions,
  ) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 5000 });
    this.decider = options.decider ?? defaultPageDecider;
  }

  handle(commands: readonly PageCommand[]): Promise<HandleResult> {
    const run = this.queue.then(() => this.handleNow(commands));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A batch decided ahead of the store (PageDecisionsAhead, on another thread): appended as
   * decided when the bet it rests on holds (the store has none of its pages), else its `commands`
   * (fetched only then) are decided here like `handle` does.
   */
  handleDecided(decided: DecidedBatch, commands: () => Promise<readonly PageCommand[]>): Promise<HandleResult> {
    const run = this.queue.then(() => this.handleDecidedNow(decided, commands));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handleDecidedNow(
    decided: DecidedBatch,
    commands: () => Promise<readonly PageCommand[]>,
  ): Promise<HandleResult> {
    if (decided.requests) {
      try {
        const results = await this.store.append(decided.requests);
        // Pages this handler had folded before are further on now.
        for (const r of decided.requests) this.cache.delete(r.stream);
        return handled(decided.requests, results, decided.duplicates);
      } catch (e) {
        if (!(e instanceof StreamRevisionConflict)) throw e;
      }
    }
    return this.handleNow(await commands());
  }

  private async handleNow(commands: readonly PageCommand[]): Promise<HandleResult> {
    const byStream = groupByStream(commands);
    for (let attempt = 0; ; attempt++) {
      const decided = await decideStreams(byStream, (stream) => this.load(stream), this.decider, this.options);
      try {
        const results = decided.requests.length ? await this.store.append(decided.requests) : [];
        for (const [stream, folded] of decided.next) this.cache.set(stream, folded);
        return handled(decided.requests, results, decided.duplicates);
      } catch (e) {
        if (!(e instanceof StreamRevisionConflict) || attempt >= (this.options.maxRetries ?? 5)) throw e;
        // Another writer moved on: it may have touched other pages of this batch too, so reload
        // them all rather than discovering them one conflict (and one retry) at a time.
        for (const stream of byStream.keys()) this.cache.delete(stream);
      }
    }
  }

  private async load(stream: StreamName): Promise<Folded> {
    const cached = this.cache.get(stream);
    if (cached) return cached;
    // Window by window: a page's history can hold thousands of full revisions (gigabytes together);
    // only the folded state is kept.
    let state = this.decider.initialState();
    let revision = -1;
    for (let from = 0; ; from += LOAD_WINDOW) {
      const window = await this.store.readStream(stream, { fromRevision: from, toRevision: from + LOAD_WINDOW - 1 });
      for (const e of window) {
        state = this.decider.evolve(state, e);
        revision = e.streamRevision;
      }
      if (window.length < LOAD_WINDOW) break;
    }
    const folded = { state, revision };
    this.cache.set(stream, folded);
    return folded;
  }
}

function handled(
  requests: readonly AppendRequest[],
  results: readonly AppendResult[],
  duplicates: number,
): HandleResult {
  const appended = requests.reduce((n, r) => n + r.events.length, 0);
  const lastOffset = results.length
    ? results.reduce((max, r) => (r.lastOffset > max ? r.lastOffset : max), results[0].lastOffset)
    : undefined;
  return { appended, duplicates, ...(lastOffset !== undefined && { lastOffset }) };
}
