import { sqlLiteral, DeadLetter, DeadLetterStore } from '@okapi/projections';
import { ClickHouseEngine } from '../clickhouse/analytics';

export const DEAD_LETTERS_TABLE = 'dead_letters';

// Not a view: `okapi project --rebuild` keeps it. A removal writes `removed = 1` with a higher
// version; reads use FINAL. Portable SQL (chDB 26.x and ClickHouse 18.16).
const DDL = `CREATE TABLE IF NOT EXISTS ${DEAD_LETTERS_TABLE}
(
    consumer    String,
    event_offset UInt64,
    stream      String,
    event_type  String,
    error       String,
    at          String,
    attempts    UInt32,
    removed     UInt8,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (consumer, event_offset)`;

interface Row {
  consumer: string;
  event_offset: number | string;
  stream: string;
  event_type: string;
  error: string;
  at: string;
  attempts: number | string;
}

/**
 * Dead letters in the cluster (EventStoreDB has no per-event delete): a table in the ClickHouse
 * the projector already writes, beside its checkpoints.
 */
export class ClickHouseDeadLetterStore implements DeadLetterStore {
  private ready: Promise<void> | undefined;
  private lastVersion = 0;

  constructor(private readonly engine: ClickHouseEngine) {}

  private init(): Promise<void> {
    this.ready ??= this.engine.exec(DDL).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  /** Strictly increasing within this process, close to wall-clock ms across processes. */
  private version(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now());
    return this.lastVersion;
  }

  async record(l: Omit<DeadLetter, 'attempts'>): Promise<boolean> {
    const known = (
      await this.rows(`consumer = ${sqlLiteral(l.consumer)} AND event_offset = ${sqlLiteral(l.offset)}`)
    ).at(0);
    await this.engine.insertJsonEachRow(DEAD_LETTERS_TABLE, [
      {
        consumer: l.consumer,
        event_offset: l.offset,
        stream: l.stream,
        event_type: l.eventType,
        error: l.error,
        at: l.at,
        attempts: known ? Number(known.attempts) + 1 : 1,
        removed: 0,
        version: this.version(),
      },
    ]);
    return known === undefined;
  }

  async list(consumer?: string): Promise<DeadLetter[]> {
    const rows = await this.rows(consumer === undefined ? '1' : `consumer = ${sqlLiteral(consumer)}`);
    return rows
      .map((r) => ({
        consumer: r.consumer,
        offset: Number(r.event_offset),
        stream: r.stream,
        eventType: r.event_type,
        error: r.error,
        at: r.at,
        attempts: Number(r.attempts),
      }))
      .sort((a, b) => a.offset - b.offset || a.consumer.localeCompare(b.consumer));
  }

  async counts(): Promise<Record<string, number>> {
    const out = Object.create(null) as Record<string, number>;
    for (const l of await this.list()) out[l.consumer] = (out[l.consumer] ?? 0) + 1;
    return out;
  }

  async remove(consumer: string, offset: number): Promise<void> {
    await this.init();
    await this.engine.insertJsonEachRow(DEAD_LETTERS_TABLE, [
      {
        consumer,
        event_offset: offset,
        stream: '',
        event_type: '',
        error: '',
        at: '',
        attempts: 0,
        removed: 1,
        version: this.version(),
      },
    ]);
  }

  async close(): Promise<void> {
    // The engine belongs to the runtime.
  }

  private async rows(where: string): Promise<Row[]> {
    await this.init();
    // Filter `removed` outside FINAL: the newest copy decides.
    return this.engine.query<Row>(
      `SELECT consumer, event_offset, stream, event_type, error, at, attempts FROM
       (SELECT * FROM ${DEAD_LETTERS_TABLE} FINAL WHERE ${where}) WHERE removed = 0`,
    );
  }
}
