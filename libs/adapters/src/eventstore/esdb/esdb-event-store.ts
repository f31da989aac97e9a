/**
 * EventStoreDB / KurrentDB adapter (official `@eventstore/db-client`). No vendor type or error
 * leaves this folder: WrongExpectedVersionError becomes StreamRevisionConflict.
 *
 * - Offsets: the event's prepare position, sparse; see esdb-log-reader.ts for the exact semantics.
 * - Appends: expected revisions of the whole call are checked first, so a conflict the store can
 *   see appends nothing; then one append per stream (ESDB has no multi-stream transaction, so a
 *   concurrent writer can still make a later stream of the same call fail after earlier ones).
 * - Size: a request is kept under ~900 KB (ESDB's default cap is 1 MiB): the largest bodies go
 *   out of line (esdb-blob.store.ts), and a stream's events are split over several appends if
 *   they still do not fit.
 * - Subscriptions read `$all` by exact position; one server subscription (system events excluded)
 *   only wakes them, so the hand-over from catch-up to live cannot lose or repeat an event.
 */
import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
  excludeSystemEvents,
  jsonEvent,
  Position,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendRequest,
  AppendResult,
  EncodedEvent,
  EventStore,
  ExpectedRevision,
  jsonOf,
  Offset,
  PageEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamName,
  StreamRevisionConflict,
  Subscription,
} from '@okapi/domain';
import { AppendNotifier } from '../append-notifier';
import { assertExpectedRevision } from '../expected-revision';
import { CursorSubscription } from '../cursor-subscription';
import { EsdbBlobStore } from './esdb-blob.store';
import { EsdbLogReader } from './esdb-log-reader';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false` and friends. */
  readonly connectionString: string;
  /** Events per page. Default 500. */
  readonly pageSize?: number;
  /** Idle subscriptions re-read at least this often. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Largest append request sent, in bytes of JSON. Default 900 000. */
  readonly maxRequestBytes?: number;
}

export function openEsdbEventStore(options: EsdbEventStoreOptions): EventStore {
  return new EsdbEventStore(options);
}

type Cursor = { readonly from: Offset } | { readonly after: Position };

class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly blobs: EsdbBlobStore;
  private readonly reader: EsdbLogReader;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<Subscription>();
  private live?: AllStreamSubscription;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.blobs = new EsdbBlobStore(this.client);
    this.reader = new EsdbLogReader(this.client, this.blobs);
  }

  async append(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    for (const req of requests) await this.checkExpected(req.stream, req.expectedRevision);
    const results: AppendResult[] = [];
    for (const req of requests) results.push(await this.appendOne(req));
    this.notifier.notify();
    return results;
  }

  async readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { toRevision } = options;
    const from = Math.max(0, options.fromRevision ?? 0);
    if (toRevision !== undefined && toRevision < from) return [];
    // Page streams hold page events only (blob chunks live on their own `blob-*` streams and are
    // fetched per event by toLocated), so maxCount counts exactly revisions from..toRevision.
    const bounded = {
      ...(from > 0
        ? { fromRevision: BigInt(from) }
        : toRevision === undefined
          ? {}
          : { fromRevision: 'start' as const }),
      ...(toRevision === undefined ? {} : { maxCount: toRevision - from + 1 }),
    };
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, bounded)) {
        const located = await this.reader.toLocated(resolved as AllStreamResolvedEvent);
        if (located) out.push(located.event);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  async readAll({ from, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.reader.readFrom(from, limit ?? this.pageSize)).map((l) => l.event);
  }

  async head(): Promise<Offset> {
    return ((await this.reader.last())?.event.offset ?? 0) as Offset;
  }

  subscribe(from: Offset): Subscription {
    this.ensureLive();
    const sub = new CursorSubscription<Cursor>({
      start: { from },
      readPage: async (cursor) => {
        const page =
          'after' in cursor
            ? await this.reader.readAfter(cursor.after, this.pageSize)
            : await this.reader.readFrom(cursor.from, this.pageSize);
        const last = page.at(-1);
        return { events: page.map((l) => l.event), next: last ? { after: last.position } : cursor };
      },
      notifier: this.notifier,
      pollIntervalMs: this.options.pollIntervalMs ?? 500,
      onClose: (s) => {
        this.subscriptions.delete(s);
        if (this.subscriptions.size === 0) void this.stopLive();
      },
    });
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.stopLive();
    await this.client.dispose();
  }

  private get pageSize(): number {
    return this.options.pageSize ?? 500;
  }

  private async appendOne(req: AppendRequest): Promise<AppendResult> {
    const groups = await this.sizedGroups(req.events);
    let expected: ExpectedRevision = req.expectedRevision;
    let result = { nextExpectedRevision: -1, lastOffset: 0 };
    for (const group of groups) {
      try {
        const r = await this.client.appendToStream(req.stream, group, { expectedRevision: toEsdbExpected(expected) });
        result = { nextExpectedRevision: Number(r.nextExpectedRevision), lastOffset: Number(r.position?.prepare ?? 0) };
        expected = result.nextExpectedRevision;
      } catch (e) {
        if (e instanceof WrongExpectedVersionError) throw conflict(req.stream, expected, e);
        throw e;
      }
    }
    return {
      stream: req.stream,
      nextExpectedRevision: result.nextExpectedRevision,
      lastOffset: result.lastOffset as Offset,
    };
  }

  /** Events as ESDB event data, bodies too large moved out of line, grouped under the size cap. */
  private async sizedGroups(events: readonly (PageEvent | EncodedEvent)[]): Promise<ReturnType<typeof jsonEvent>[][]> {
    const cap = this.options.maxRequestBytes ?? 900_000;
    const groups: ReturnType<typeof jsonEvent>[][] = [[]];
    let size = 0;
    for (const event of events) {
      const json = jsonOf(event);
      const inline = Buffer.byteLength(json) <= cap;
      const data = !inline
        ? await this.blobs.put(json)
        : 'data' in event
          ? event.data
          : (JSON.parse(json) as PageEvent['data']);
      const bytes = inline ? Buffer.byteLength(json) : 200; // a reference is ~150 B of JSON
      if (size + bytes > cap && groups[groups.length - 1].length) {
        groups.push([]);
        size = 0;
      }
      groups[groups.length - 1].push(jsonEvent({ type: event.type, data: data }));
      size += bytes;
    }
    return groups;
  }

  private async checkExpected(stream: StreamName, expected: ExpectedRevision): Promise<void> {
    if (expected === 'any') return;
    assertExpectedRevision(stream, expected, await this.streamRevision(stream));
  }

  private async streamRevision(stream: string): Promise<number | undefined> {
    try {
      for await (const resolved of this.client.readStream(stream, {
        direction: 'backwards',
        fromRevision: 'end',
        maxCount: 1,
      })) {
        return Number(resolved.event?.revision);
      }
      return undefined;
    } catch (e) {
      if (e instanceof StreamNotFoundError) return undefined;
      throw e;
    }
  }

  private ensureLive(): void {
    if (this.live) return;
    this.live = this.client.subscribeToAll({ fromPosition: 'end', filter: excludeSystemEvents() });
    this.live.on('data', () => this.notifier.notify());
    this.live.on('error', () => {
      // Subscriptions still poll; the next subscribe re-creates the live feed.
      this.live = undefined;
    });
  }

  private async stopLive(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await live?.unsubscribe();
  }
}

function toEsdbExpected(expected: ExpectedRevision): 'any' | 'no_stream' | bigint {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

function conflict(stream: string, expected: ExpectedRevision, e: WrongExpectedVersionError): StreamRevisionConflict {
  const actual = typeof e.actualVersion === 'bigint' ? Number(e.actualVersion) : 'no_stream';
  return new StreamRevisionConflict(stream, expected, actual);
}
