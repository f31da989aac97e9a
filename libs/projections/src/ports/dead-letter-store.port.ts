/**
 * An event one consumer could not handle, set aside so the consumer carries on with the next one
 * (a poison event never stalls a view) and replayed after a fix (`okapi dead-letters retry`).
 * Keyed by (consumer, offset): recording the same event again updates it.
 */
export interface DeadLetter {
  /** `views` (projection runner), `publisher`, `bulk`. */
  readonly consumer: string;
  readonly offset: number;
  readonly stream: string;
  readonly eventType: string;
  /** The error message (first line, no stack). */
  readonly error: string;
  /** RFC3339, when it was (last) recorded. */
  readonly at: string;
  /** How many times it failed (first failure + failed retries). */
  readonly attempts: number;
}

/**
 * Durable dead letters, the port every event-log consumer (views, publisher, bulk) sets events
 * aside through. Adapters: SQLite beside the embedded event store, a ClickHouse table in a cluster
 * (libs/adapters/src/dead-letters).
 */
export interface DeadLetterStore {
  /** Records (or updates) a letter; true when it is new. */
  record(letter: Omit<DeadLetter, 'attempts'>): Promise<boolean>;
  /** Oldest offset first; one consumer's when given. */
  list(consumer?: string): Promise<DeadLetter[]>;
  /** Letters per consumer (only consumers that have some). */
  counts(): Promise<Record<string, number>>;
  remove(consumer: string, offset: number): Promise<void>;
  close(): Promise<void>;
}
