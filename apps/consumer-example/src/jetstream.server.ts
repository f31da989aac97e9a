import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { AckPolicy, connect, ConsumerMessages, DeliverPolicy, JsMsg, NatsConnection } from 'nats';
import { JetStreamContext } from './jetstream-context';

export interface JetStreamServerOptions {
  /** NATS server URL, or several comma-separated (cluster nodes). */
  readonly servers: string;
  /** The firehose stream (OKAPI_NATS_STREAM, default OKAPI_ARTICLES). */
  readonly stream: string;
  /** Durable consumer name: the consumer's position survives restarts under this name. */
  readonly durable: string;
  /** One subject filter (NATS 2.9 allows one per consumer), e.g. `okapi.article.*.0.*.suspect`. */
  readonly filterSubject: string;
  /** Subject prefix of the stream (tests use their own); handlers always match `okapi.article...`. */
  readonly subjectPrefix?: string;
  /** Redelivery delay after a handler throws (ms). Default 1000. */
  readonly retryMs?: number;
}

const PREFIX = 'okapi.article';

/** NATS wildcard match (`*` one token, `>` the rest). */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/**
 * A Nest microservice transport over a durable JetStream pull consumer. `@EventPattern` handlers
 * match subjects with NATS wildcards; a message is acked after its handler resolves and nak'ed
 * (redelivered later) if it throws, so an internal consumer gets at-least-once delivery in order,
 * and resumes where it stopped after a restart. (Nest's built-in NATS transport is core NATS:
 * nothing is kept while the consumer is down.)
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private nc: NatsConnection | undefined;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
  }

  listen(callback: (...args: unknown[]) => void): void {
    this.start().then(
      () => callback(),
      (e: unknown) => callback(e),
    );
  }

  private async start(): Promise<void> {
    const o = this.options;
    this.nc = await connect({
      servers: o.servers.split(','),
      name: `okapi-consumer-${o.durable}`,
      maxReconnectAttempts: -1,
    });
    const jsm = await this.nc.jetstreamManager();
    await jsm.consumers.add(o.stream, {
      durable_name: o.durable,
      filter_subject: o.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 256,
    });
    const consumer = await this.nc.jetstream().consumers.get(o.stream, o.durable);
    this.messages = await consumer.consume({ max_messages: 256 });
    this.loop = this.run(this.messages);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) await this.dispatch(m);
  }

  private async dispatch(m: JsMsg): Promise<void> {
    const prefix = this.options.subjectPrefix ?? PREFIX;
    const subject = m.subject.startsWith(`${prefix}.`) ? PREFIX + m.subject.slice(prefix.length) : m.subject;
    const pattern = [...this.getHandlers().keys()].find((p) => matches(p, subject));
    if (!pattern) {
      m.ack();
      return;
    } // nobody listens to it: do not let it block the consumer
    try {
      await this.handleEvent(pattern, { pattern, data: m.json<unknown>() }, new JetStreamContext([m, subject]));
      m.ack();
    } catch (e) {
      this.logger.error(`handler for ${subject} failed: ${(e as Error).message}; redelivering`);
      m.nak(this.options.retryMs ?? 1000);
    }
  }

  on(): never {
    throw new Error('JetStreamServer has no events to subscribe to');
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- Nest's Server declares unwrap<T>(): T; an override keeps its signature.
  unwrap<T>(): T {
    return this.nc as T;
  }

  async close(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    await this.nc?.drain().catch(() => undefined);
  }
}
