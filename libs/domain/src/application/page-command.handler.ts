import { CommandSink } from './command-sink.port';
import { LRUCache } from 'lru-cache';
import { PageCommand } from '../commands/page.commands';
import { PageEvent } from '../events/page.events';
import { AppendRequest, EventStore, StreamRevisionConflict } from '../ports/event-store.port';
import { PageState } from '../page/page.state';
import { Offset } from '../shared/offset';
import { pageStream, StreamName } from '../shared/stream-name';
import { defaultPageDecider, PageDecider } from './page-decider.port';

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

/** A page's folded state and its stream's last revision (-1: no stream yet). */
interface Folded {
  readonly state: PageState;
  readonly revision: number;
}

interface Decided {
  readonly requests: AppendRequest[];
  readonly next: Map<StreamName, Folded>;
  readonly duplicates: number;
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

  private async handleNow(commands: readonly PageCommand[]): Promise<HandleResult> {
    const byStream = groupByStream(commands);
    for (let attempt = 0; ; attempt++) {
      const decided = await this.decideAll(byStream);
      try {
        const results = decided.requests.length ? await this.store.append(decided.requests) : [];
        for (const [stream, folded] of decided.next) this.cache.set(stream, folded);
        const appended = decided.requests.reduce((n, r) => n + r.events.length, 0);
        const lastOffset = results.length
          ? results.reduce((max, r) => (r.lastOffset > max ? r.lastOffset : max), results[0].lastOffset)
          : undefined;
        return { appended, duplicates: decided.duplicates, ...(lastOffset !== undefined && { lastOffset }) };
      } catch (e) {
        if (!(e instanceof StreamRevisionConflict) || attempt >= (this.options.maxRetries ?? 5)) throw e;
        // Another writer moved on: it may have touched other pages of this batch too, so reload
        // them all rather than discovering them one conflict (and one retry) at a time.
        for (const stream of byStream.keys()) this.cache.delete(stream);
      }
    }
  }

  private async decideAll(byStream: Map<StreamName, PageCommand[]>): Promise<Decided> {
    const requests: AppendRequest[] = [];
    const next = new Map<StreamName, Folded>();
    let duplicates = 0;
    for (const [stream, commands] of byStream) {
      const loaded = await this.load(stream);
      let state = loaded.state;
      const events: PageEvent[] = [];
      for (const command of commands) {
        const decided = this.decider.decide(command, state, { suspectThreshold: this.options.suspectThreshold });
        if (decided.length === 0) duplicates++;
        for (const event of decided) state = this.decider.evolve(state, event);
        events.push(...decided);
      }
      if (events.length === 0) continue;
      const expectedRevision = loaded.revision < 0 ? 'no_stream' : loaded.revision;
      requests.push({ stream, expectedRevision, events });
      next.set(stream, { state, revision: loaded.revision + events.length });
    }
    return { requests, next, duplicates };
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

function groupByStream(commands: readonly PageCommand[]): Map<StreamName, PageCommand[]> {
  const byStream = new Map<StreamName, PageCommand[]>();
  for (const command of commands) {
    const stream = pageStream(command.wiki, command.pageId);
    const list = byStream.get(stream);
    if (list) list.push(command);
    else byStream.set(stream, [command]);
  }
  return byStream;
}
