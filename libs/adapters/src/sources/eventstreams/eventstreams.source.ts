import { join } from 'node:path';
import { PageCommand, RecordRevision } from '@okapi/domain';
import { joinContent, needsContent } from '../mediawiki/content-joiner';
import { MediaWikiClient } from '../mediawiki/mediawiki-api.client';
import { PageInfoFetcher } from '../mediawiki/page-info-fetcher';
import { enrichWithPageInfo } from '../mediawiki/page-info-enricher';
import { BackoffOptions } from '../../resilience/backoff';
import { superviseUntil } from '../../resilience/supervise';
import { CheckpointStore } from './checkpoint.store';
import { CommandSink } from '@okapi/domain';
import { SourceCheckpoint, SourceCheckpoints, SourceLog } from '../plumbing';
import { DeadLetter, DeadLetterWriter } from './dead-letter-writer';
import { EventStreamsClient } from './eventstreams.client';
import { IngestCounters, IngestStats } from '../plumbing/ingest.metrics';
import { MalformedEvent, parsePageChange } from '../page-change/page-change.parser';
import { mapPageChange } from '../page-change/page-change.mapper';
import { SseMessage } from './sse.parser';

export interface EventStreamsSourceOptions {
  readonly url: string;
  /** Wiki ids to keep (`enwiki`); everything else is dropped. */
  readonly wikis: readonly string[];
  readonly dataDir: string;
  readonly userAgent: string;
  readonly sink: CommandSink;
  readonly mediawiki: MediaWikiClient;
  /**
   * Page properties and editor facts from the Action API (default: on, through `mediawiki`);
   * `false` records revisions with what the events and the content fetch say only.
   */
  readonly pageInfo?: PageInfoFetcher | false;
  readonly log: SourceLog;
  /** `?since=` when there is no checkpoint yet (RFC3339 or ms epoch); unset: live. */
  readonly since?: string;
  readonly idleTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Batches whose content is being fetched while earlier ones are appended (default 4). */
  readonly maxInFlight?: number;
  readonly now?: () => Date;
  /** Where the source resumes (default: `sources/eventstreams.checkpoint.json` in `dataDir`). */
  readonly checkpoints?: SourceCheckpoints;
  /** Most often the checkpoint file is rewritten, ms (default 100; each write is an fsync). */
  readonly checkpointIntervalMs?: number;
}

/** One network read's worth of events, mapped, waiting for content and append. */
interface PreparedBatch {
  readonly items: { readonly domain: string; readonly commands: PageCommand[] }[];
  readonly deadLetters: DeadLetter[];
  readonly lastId?: string;
  readonly lastDt?: string;
}

const SOURCE = 'eventstreams';

/**
 * EventStreams `mediawiki.page_change.v1` -> commands -> event store. Per batch: parse and map
 * (stream order), fetch content concurrently with earlier batches' appends, append in stream
 * order, then checkpoint the SSE id. Any failure restarts from the checkpoint (at-least-once;
 * the decider makes redelivery a no-op).
 */
export class EventStreamsSource {
  private readonly counters = new IngestCounters(SOURCE);
  private readonly checkpoints: SourceCheckpoints;
  private readonly deadLetters: DeadLetterWriter;
  private readonly wikis: ReadonlySet<string>;
  private readonly pageInfo: PageInfoFetcher | undefined;
  private readonly now: () => Date;
  private pendingCheckpoint?: SourceCheckpoint;
  private checkpointTimer?: NodeJS.Timeout;
  private lastCheckpointAt = 0;

  constructor(private readonly options: EventStreamsSourceOptions) {
    this.checkpoints =
      options.checkpoints ?? new CheckpointStore(join(options.dataDir, 'sources', 'eventstreams.checkpoint.json'));
    this.now = options.now ?? (() => new Date());
    this.deadLetters = new DeadLetterWriter(
      join(options.dataDir, 'dead-letter', 'eventstreams.ndjson'),
      SOURCE,
      this.now,
    );
    this.wikis = new Set(options.wikis);
    this.pageInfo =
      options.pageInfo === false ? undefined : (options.pageInfo ?? new PageInfoFetcher(options.mediawiki));
  }

  get stats(): Readonly<IngestStats> {
    return this.counters.stats;
  }

  /** Runs until `signal` aborts; never throws: a failed connection restarts from the checkpoint. */
  run(signal: AbortSignal): Promise<void> {
    return superviseUntil(
      signal,
      (inner, running) => {
        running();
        return this.runOnce(inner);
      },
      this.options.backoff,
      {
        onCrash: (e, _restarts, delay) =>
          this.options.log.error(`eventstreams: ${e.message}; restarting from checkpoint in ${delay} ms`),
      },
    );
  }

  private async runOnce(outer: AbortSignal): Promise<void> {
    // A failed append ends this connection at once (even on a quiet stream); run() restarts.
    const connection = new AbortController();
    const stopConnection = (): void => connection.abort();
    outer.addEventListener('abort', stopConnection, { once: true });
    const signal = connection.signal;
    const client = this.connect(signal);
    const commits: Promise<void>[] = [];
    let chain: Promise<void> = Promise.resolve();
    try {
      await client.stream(async (batch) => {
        const prepared = this.prepare(batch);
        const joined = this.fetchContent(prepared);
        joined.catch(() => undefined); // awaited through the chain; avoid an early unhandled rejection
        chain = chain.then(async () => this.commit(await joined, prepared, signal));
        chain.catch(stopConnection);
        commits.push(chain);
        if (commits.length >= (this.options.maxInFlight ?? 4)) await commits.shift();
      });
      await chain;
    } finally {
      outer.removeEventListener('abort', stopConnection);
      this.flushCheckpoint();
    }
  }

  /** A client resuming after the stored checkpoint (or from `since`, or live, without one). */
  private connect(signal: AbortSignal): EventStreamsClient {
    const cp = this.checkpoints.load(this.options.url);
    this.options.log.info(
      cp
        ? `eventstreams: resuming after ${cp.lastEventId}`
        : `eventstreams: no checkpoint, starting ${this.options.since ? `since ${this.options.since}` : 'live'}`,
    );
    return new EventStreamsClient({
      url: this.options.url,
      userAgent: this.options.userAgent,
      lastEventId: cp?.lastEventId,
      since: this.options.since,
      idleTimeoutMs: this.options.idleTimeoutMs,
      backoff: this.options.backoff,
      signal,
      onReconnect: (reason, delay) => {
        this.counters.add('reconnects');
        this.options.log.warn(`eventstreams: ${reason}; reconnecting in ${delay} ms`);
      },
    });
  }

  private prepare(batch: SseMessage[]): PreparedBatch {
    const items: PreparedBatch['items'] = [];
    const deadLetters: DeadLetter[] = [];
    const receivedAt = this.now().toISOString();
    let lastDt: string | undefined;
    for (const msg of batch) {
      if (msg.event !== 'message') {
        this.options.log.warn(`eventstreams: server sent "${msg.event}": ${msg.data.slice(0, 200)}`);
        continue;
      }
      this.counters.add('received');
      try {
        const e = parsePageChange(msg.data);
        if (e.meta.domain === 'canary') {
          this.counters.add('dropped', 1, 'canary');
          continue;
        }
        lastDt = e.meta.dt ?? e.dt;
        if (!this.wikis.has(e.wiki_id)) {
          this.counters.add('dropped', 1, 'wiki');
          continue;
        }
        items.push({ domain: e.meta.domain, commands: mapPageChange(e, receivedAt) });
      } catch (err) {
        const reason = err instanceof MalformedEvent ? err.message : `mapping failed: ${(err as Error).message}`;
        deadLetters.push({ id: msg.id, reason, raw: msg.data });
      }
    }
    return { items, deadLetters, lastId: batch[batch.length - 1]?.id, lastDt };
  }

  /**
   * Fetches content for the batch's revisions (grouped per wiki) and joins it, then the pages'
   * properties and editors (page-info-enricher.ts; after the content, which may hide the
   * editor), keeping order.
   */
  private async fetchContent(prepared: PreparedBatch): Promise<PageCommand[]> {
    const joined = await this.joinRevisionContent(prepared);
    if (!this.pageInfo) return joined.flat();
    const items = prepared.items.map((item, i) => ({ domain: item.domain, commands: joined[i] }));
    return (await enrichWithPageInfo(this.pageInfo, items)).flat();
  }

  private async joinRevisionContent(prepared: PreparedBatch): Promise<PageCommand[][]> {
    const byDomain = new Map<string, number[]>();
    for (const item of prepared.items) {
      for (const c of item.commands) {
        if (!needsContent(c)) continue;
        const ids = byDomain.get(item.domain);
        if (ids) ids.push(c.revisionId);
        else byDomain.set(item.domain, [c.revisionId]);
      }
    }
    const fetched = await Promise.all(
      [...byDomain].map(
        async ([domain, ids]) => [domain, await this.options.mediawiki.fetchRevisions(domain, ids)] as const,
      ),
    );
    const content = new Map(fetched);
    return prepared.items.map((item) =>
      item.commands.map((c) => {
        if (!needsContent(c)) return c;
        const got = content.get(item.domain)?.get(c.revisionId);
        if (got?.status === 'unavailable') prepared.deadLetters.push(contentLetter(c, got.reason));
        return joinContent(c, got);
      }),
    );
  }

  private async commit(commands: PageCommand[], prepared: PreparedBatch, signal: AbortSignal): Promise<void> {
    // Stopping: leave the batch to be redelivered rather than append half-fetched content.
    if (signal.aborted) return;
    if (commands.length) {
      const result = await this.options.sink.handle(commands);
      this.counters.add('appended', result.appended);
      this.counters.add('duplicates', result.duplicates);
    }
    for (const letter of prepared.deadLetters) {
      this.deadLetters.write(letter);
      this.counters.add('deadLettered', 1, letter.reason.startsWith('content') ? 'content' : 'malformed');
      this.options.log.warn(`eventstreams: dead-lettered ${letter.id ?? '?'}: ${letter.reason}`);
    }
    if (prepared.lastId)
      this.checkpoint({
        url: this.options.url,
        lastEventId: prepared.lastId,
        eventTime: prepared.lastDt,
        updatedAt: this.now().toISOString(),
      });
    if (prepared.lastDt) this.counters.lag(Math.max(0, (this.now().getTime() - Date.parse(prepared.lastDt)) / 1000));
  }

  /**
   * Saves at most every `checkpointIntervalMs` (an fsync each), and the latest one shortly after
   * the stream goes quiet. A crash loses at most that window of checkpoints: redelivered events
   * are no-ops for the decider.
   */
  private checkpoint(cp: SourceCheckpoint): void {
    this.pendingCheckpoint = cp;
    const interval = this.options.checkpointIntervalMs ?? 100;
    const wait = this.lastCheckpointAt + interval - Date.now();
    if (wait <= 0) return this.flushCheckpoint();
    this.checkpointTimer ??= setTimeout(() => this.flushCheckpoint(), wait);
  }

  private flushCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    if (!this.pendingCheckpoint) return;
    this.checkpoints.save(this.pendingCheckpoint);
    this.pendingCheckpoint = undefined;
    this.lastCheckpointAt = Date.now();
  }
}

function contentLetter(c: RecordRevision, reason: string): DeadLetter {
  return {
    id: `${c.wiki}:${c.revisionId}`,
    reason: `content unavailable: ${reason}`,
    raw: JSON.stringify({ wiki: c.wiki, pageId: c.pageId, revisionId: c.revisionId }),
  };
}
