/**
 * The firehose bus: WME Article JSON messages on subjects `okapi.article.{wiki}.{ns}.{type}.{flag}`,
 * each tagged with the event-store offset it came from. One event can yield several Articles
 * (a move is an `update` of the new title and a `delete` of the old one), so a message is
 * identified by `(offset, index)`; an offset with no Article leaves no message at all.
 *
 * Two adapters pass one contract suite (article-bus.contract.ts): NATS JetStream (distributed)
 * and an in-process bus with the same subject and replay semantics (embedded mode).
 */
export interface OutgoingArticle {
  /** Event-store offset of the event the Article was derived from. */
  readonly offset: number;
  /** 0-based position among the Articles of that offset. */
  readonly index: number;
  /** How many Articles that offset has (default 1): readers know when an offset is complete. */
  readonly count?: number;
  readonly subject: string;
  /** WME `event.partition` of the Article (page hash), so the gateway splits by `parts` unparsed. */
  readonly partition?: number;
  /** WME Article JSON, exactly as clients receive it. */
  readonly data: string;
}

export interface BusMessage extends OutgoingArticle {
  /** Position in the bus (the JetStream stream sequence): dense, increasing with offset. */
  readonly seq: number;
  /** Epoch ms when the bus stored the message. */
  readonly storedAt: number;
}

export interface BusPosition {
  readonly offset: number;
  readonly index: number;
}

/** What the bus still holds. Empty when `lastSeq < firstSeq`. */
export interface BusBounds {
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Offset of the oldest message still retained; undefined when empty. */
  readonly firstOffset?: number;
}

export interface LiveFeed {
  close(): Promise<void>;
}

export interface ArticleBus {
  /** `okapi.article` in production; tests use a unique prefix. */
  readonly subjectPrefix: string;
  /**
   * Stores messages in order. Idempotent by `(offset, index)`: republishing what the bus already
   * holds stores nothing, so a publisher that crashes and resumes never duplicates.
   */
  publish(batch: readonly OutgoingArticle[]): Promise<void>;
  /**
   * The largest message `data` (bytes) the bus stores, when it has a limit (NATS: the server's
   * max_payload less room for headers). A larger Article would be refused on every attempt.
   */
  maxMessageBytes?(): Promise<number | undefined>;
  /** The last message stored (where a publisher resumes); undefined when the bus is empty. */
  lastPosition(): Promise<BusPosition | undefined>;
  bounds(): Promise<BusBounds>;
  /** Sequence of the first message whose offset is greater than `offset` (`lastSeq + 1` if none). */
  seqAfter(offset: number): Promise<number>;
  /** Messages with `fromSeq <= seq <= toSeq` whose subject matches `subjectFilter`, in order. */
  read(fromSeq: number, toSeq: number, subjectFilter: string): AsyncIterable<BusMessage>;
  /**
   * Every message with `seq >= fromSeq`, in order, then live; survives broker reconnects without
   * gap or duplicate. One per gateway process, fanned out in memory.
   */
  follow(fromSeq: number, onMessage: (m: BusMessage) => void, onError?: (e: Error) => void): LiveFeed;
  close(): Promise<void>;
}

/** NATS subject matching (`*` one token, `>` the rest), for the in-process bus. */
export function subjectMatches(filter: string, subject: string): boolean {
  if (filter === subject) return true;
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

/** `Nats-Msg-Id`: the offset itself for the first Article of an event, `offset-index` after. */
export function messageId(offset: number, index: number): string {
  return index === 0 ? String(offset) : `${offset}-${index}`;
}

/**
 * A message's resume token (SSE `id`): the bare offset when it completes its offset, else
 * `offset-index`. Resuming after either never repeats nor skips a message.
 */
export function resumeId(m: { offset: number; index: number; count?: number }): string {
  return m.index >= (m.count ?? 1) - 1 ? String(m.offset) : `${m.offset}-${m.index}`;
}

export function isAfter(m: BusPosition, p: BusPosition | undefined): boolean {
  return p === undefined || m.offset > p.offset || (m.offset === p.offset && m.index > p.index);
}
