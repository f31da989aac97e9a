import {
  connect,
  ConsumerMessages,
  DeliverPolicy,
  headers as natsHeaders,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  MsgRequest,
  NatsConnection,
  StoredMsg,
} from 'nats';
import {
  ArticleBus,
  BusBounds,
  BusMessage,
  BusPosition,
  LiveFeed,
  messageId,
  OutgoingArticle,
} from '@okapi/projections';
import { ensureStream, NatsStreamOptions } from './nats-stream-setup';
import { supervise } from '../resilience/supervise';

export interface NatsBusOptions extends NatsStreamOptions {
  /** One server URL, or several comma-separated (cluster nodes: the client fails over between them). */
  readonly url: string;
  /** Publishes awaited together; acked publish runs ~6k/s one by one, 11-15k/s windowed here. */
  readonly publishWindow?: number;
}

const OFFSET = 'Okapi-Offset';
const INDEX = 'Okapi-Index';
const COUNT = 'Okapi-Count';
const PARTITION = 'Okapi-Partition';
const RETRY_MS = 250;

function isNotFound(e: unknown): boolean {
  return (e as { code?: string }).code === '404' || /no message found|not found/i.test((e as Error).message);
}

/** Messages published before partitions existed have no header: the gateway then reads the Article. */
function partitionOf(header: string | undefined): { partition?: number } {
  return header ? { partition: Number(header) } : {};
}

function fromStored(m: StoredMsg): BusMessage {
  return {
    seq: m.seq,
    subject: m.subject,
    offset: Number(m.header.get(OFFSET)),
    index: Number(m.header.get(INDEX) || 0),
    count: Number(m.header.get(COUNT) || 1),
    ...partitionOf(m.header.get(PARTITION)),
    data: m.string(),
    storedAt: m.time.getTime(),
  };
}

function fromJs(m: JsMsg): BusMessage {
  return {
    seq: m.seq,
    subject: m.subject,
    offset: Number(m.headers?.get(OFFSET)),
    index: Number(m.headers?.get(INDEX) || 0),
    count: Number(m.headers?.get(COUNT) || 1),
    ...partitionOf(m.headers?.get(PARTITION)),
    data: m.string(),
    storedAt: Math.floor(m.info.timestampNanos / 1e6),
  };
}

/** OKAPI_NATS_URL's comma-separated server list, as the client takes it. */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * JetStream adapter. Message id = offset (`offset-index` past the first Article of an event), so
 * the stream dedupes republished messages; headers carry the offset for readers.
 */
export class NatsArticleBus implements ArticleBus {
  readonly subjectPrefix: string;
  private readonly all: string;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly o: NatsBusOptions,
  ) {
    this.subjectPrefix = o.subjectPrefix;
    this.all = `${o.subjectPrefix}.>`;
  }

  static async open(o: NatsBusOptions): Promise<NatsArticleBus> {
    const nc = await connect({
      servers: natsServers(o.url),
      name: `okapi-${o.stream}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: RETRY_MS,
    });
    try {
      const jsm = await nc.jetstreamManager();
      await ensureStream(jsm, o);
      return new NatsArticleBus(nc, jsm, nc.jetstream(), o);
    } catch (e) {
      await nc.close();
      throw e;
    }
  }

  async publish(batch: readonly OutgoingArticle[]): Promise<void> {
    const window = this.o.publishWindow ?? 500;
    for (let i = 0; i < batch.length; i += window) {
      await Promise.all(batch.slice(i, i + window).map((m) => this.publishOne(m)));
    }
  }

  private publishOne(m: OutgoingArticle): Promise<unknown> {
    const h = natsHeaders();
    h.set(OFFSET, String(m.offset));
    if (m.index > 0) h.set(INDEX, String(m.index));
    if ((m.count ?? 1) > 1) h.set(COUNT, String(m.count));
    if (m.partition !== undefined) h.set(PARTITION, String(m.partition));
    return this.js.publish(m.subject, m.data, { msgID: messageId(m.offset, m.index), headers: h });
  }

  /** The server's max_payload less 4 KiB for subject and headers (the client refuses more). */
  maxMessageBytes(): Promise<number | undefined> {
    const max = this.nc.info?.max_payload;
    return Promise.resolve(max ? max - 4096 : undefined);
  }

  async lastPosition(): Promise<BusPosition | undefined> {
    const { state } = await this.jsm.streams.info(this.o.stream);
    if (state.messages === 0) return undefined;
    const m = fromStored(await this.jsm.streams.getMessage(this.o.stream, { seq: state.last_seq }));
    return { offset: m.offset, index: m.index };
  }

  async bounds(): Promise<BusBounds> {
    const { state } = await this.jsm.streams.info(this.o.stream);
    if (state.messages === 0) return { firstSeq: state.last_seq + 1, lastSeq: state.last_seq };
    const first = await this.firstAtOrAfter(state.first_seq, this.all);
    return { firstSeq: first?.seq ?? state.last_seq + 1, lastSeq: state.last_seq, firstOffset: first?.offset };
  }

  /** Binary search on the Okapi-Offset header: offsets increase with sequence. */
  async seqAfter(offset: number): Promise<number> {
    const b = await this.bounds();
    let lo = b.firstSeq;
    let hi = b.lastSeq + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const m = await this.firstAtOrAfter(mid, this.all);
      if (!m || m.seq > hi - 1) hi = mid;
      else if (m.offset > offset) hi = mid;
      else lo = m.seq + 1;
    }
    return lo;
  }

  private async firstAtOrAfter(seq: number, filter: string): Promise<BusMessage | undefined> {
    try {
      // STREAM.MSG.GET honours next_by_subj on 2.9 (measured); the v2 client's type omits it.
      const req = { seq, next_by_subj: filter } as unknown as MsgRequest;
      return fromStored(await this.jsm.streams.getMessage(this.o.stream, req));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async *read(fromSeq: number, toSeq: number, subjectFilter: string): AsyncIterable<BusMessage> {
    // Asking the stream first avoids opening a consumer that would wait on an empty range.
    const first = await this.firstAtOrAfter(Math.max(1, fromSeq), subjectFilter);
    if (!first || first.seq > toSeq) return;
    const c = await this.js.consumers.get(this.o.stream, {
      filterSubjects: subjectFilter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: first.seq,
    });
    const msgs = await c.consume({ max_messages: 256 });
    try {
      for await (const m of msgs) {
        if (m.seq > toSeq) return;
        yield fromJs(m);
        if (m.seq >= toSeq) return;
        // `pending` can lag the stream by a message: treat 0 as a hint and ask the stream.
        if (m.info.pending === 0) {
          const next = await this.firstAtOrAfter(m.seq + 1, subjectFilter);
          if (!next || next.seq > toSeq) return;
        }
      }
    } finally {
      msgs.stop();
    }
  }

  follow(fromSeq: number, onMessage: (m: BusMessage) => void, onError?: (e: Error) => void): LiveFeed {
    let next = Math.max(1, fromSeq);
    // A consumer that fails (server restart, stream recreated) is made again from the next seq.
    const supervision = supervise(
      async (signal, running) => {
        const c = await this.js.consumers.get(this.o.stream, {
          filterSubjects: this.all,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: next,
        });
        const messages: ConsumerMessages = await c.consume({ max_messages: 1000 });
        if (signal.aborted) {
          messages.stop();
          return;
        }
        signal.addEventListener('abort', () => messages.stop(), { once: true });
        running();
        for await (const m of messages) {
          if (m.seq < next) continue; // an ordered-consumer reset may replay what we have
          next = m.seq + 1;
          onMessage(fromJs(m));
        }
      },
      { initialMs: RETRY_MS, maxMs: 8 * RETRY_MS },
      { onCrash: (e) => onError?.(e) },
    );
    return { close: () => supervision.stop() };
  }

  /** Deletes the stream (tests only: production streams outlive processes). */
  async destroy(): Promise<void> {
    await this.jsm.streams.delete(this.o.stream);
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
