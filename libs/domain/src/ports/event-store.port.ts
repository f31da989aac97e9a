import { PageEvent } from '../events/page.events';
import { RecordedEvent } from '../events/recorded-event';
import { Offset } from '../shared/offset';
import { StreamName } from '../shared/stream-name';

/**
 * Expected stream revision for optimistic concurrency:
 * `'no_stream'` the stream must not exist; a number: the stream's last revision (0-based) must equal it;
 * `'any'` no check.
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/**
 * An event whose data its producer already encoded as JSON: decided on another thread, it crosses
 * as one string rather than an object graph, or as that string's UTF-8 bytes (in a buffer the
 * thread hands over without a copy), and the store writes it as it is instead of encoding the
 * data a second time.
 */
export interface EncodedEvent {
  readonly type: PageEvent['type'];
  readonly json: string | Uint8Array;
}

export interface AppendRequest {
  readonly stream: StreamName;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly (PageEvent | EncodedEvent)[];
}

const utf8 = new TextDecoder();

/** The event's data as JSON, encoded once. */
export function jsonOf(event: PageEvent | EncodedEvent): string {
  if (!('json' in event)) return JSON.stringify(event.data);
  return typeof event.json === 'string' ? event.json : utf8.decode(event.json);
}

/** The event's data as JSON, as its producer encoded it: a string, or its UTF-8 bytes (for a store that writes either). */
export function encodedJsonOf(event: PageEvent | EncodedEvent): string | Uint8Array {
  return 'json' in event ? event.json : JSON.stringify(event.data);
}

/** Encodes each event's data once, for a request that crosses a thread or goes to a store as is. */
export function encodeEvents(request: AppendRequest): AppendRequest {
  return { ...request, events: request.events.map((e) => ({ type: e.type, json: jsonOf(e) })) };
}

export interface AppendResult {
  readonly stream: StreamName;
  /** The stream's last revision after the append. */
  readonly nextExpectedRevision: number;
  /** Offset of the last event appended. */
  readonly lastOffset: Offset;
}

export interface ReadAllOptions {
  /** Inclusive lower bound; 0 reads from the beginning. */
  readonly from: Offset;
  /**
   * Maximum events to return (default: adapter's page size). A page may hold fewer when events are
   * large (adapter byte budget): only an EMPTY page means the reader has caught up.
   */
  readonly limit?: number;
  /**
   * RevisionCreated `text` read from the store only when first accessed, its code points counted
   * by the store (`textCodePoints`), where the adapter can (default false: read with the rest). For
   * a reader that needs the text of few events (a rebuild assembles one document per page and
   * batch) and the size of all of them.
   */
  readonly textOnDemand?: boolean;
}

export interface ReadStreamOptions {
  /**
   * Last stream revision to return (inclusive, 0-based); default: the stream's end. Lets a reader
   * that needs only a page's past (state before an event) skip the rest of a long history.
   */
  readonly toRevision?: number;
  /**
   * First stream revision to return (inclusive, 0-based); default 0. With `toRevision`, a window:
   * a reader folding a long history (thousands of full revisions) reads it window by window
   * instead of holding it all at once.
   */
  readonly fromRevision?: number;
}

/** A live subscription: catch-up from an offset then follow new appends, no gap, no duplicate. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/**
 * The system of record. One adapter per technology (SQLite, EventStoreDB); every adapter passes
 * the shared contract suite (libs/adapters/src/eventstore/event-store.contract.ts).
 */
export interface EventStore {
  /**
   * Appends to one or more streams atomically where the adapter can (SQLite: one transaction;
   * EventStoreDB: one request per stream). Throws `StreamRevisionConflict` when an expected
   * revision does not hold; nothing of that request is appended then.
   */
  append(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /**
   * Events of one stream in order, all of them or up to `options.toRevision`; empty when the
   * stream does not exist (or `toRevision` < 0).
   */
  readStream(stream: StreamName, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the global log in offset order, starting at `from` (inclusive). */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Offset of the last event recorded (0 when empty). */
  head(): Promise<Offset>;
  /** Catch up from `from` (inclusive) and then follow live appends. */
  subscribe(from: Offset): Subscription;
  close(): Promise<void>;
}

export class StreamRevisionConflict extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'StreamRevisionConflict';
  }
}
