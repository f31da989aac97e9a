import { join } from 'node:path';
import { OkapiConfig } from '../config/env-config';
import { ClickHouseEngine } from '../clickhouse/analytics';
import { DeadLetter, DeadLetterStore } from '@okapi/projections';
import { ClickHouseDeadLetterStore } from './clickhouse-dead-letter.store';
import { SqliteDeadLetterStore } from './sqlite-dead-letter.store';

/** The embedded store's file, beside `events.sqlite3`. */
export function sqliteDeadLetterPath(config: Pick<OkapiConfig, 'dataDir'>): string {
  return join(config.dataDir, 'dead-letters.sqlite3');
}

/**
 * Beside the event store: SQLite in the data directory (embedded), else (EventStoreDB, a cluster)
 * a table in the ClickHouse the views live in. Opens on first use.
 */
export function openDeadLetters(
  config: Pick<OkapiConfig, 'dataDir' | 'esdbUrl'>,
  analytics: ClickHouseEngine,
): DeadLetterStore {
  let store: DeadLetterStore | undefined;
  const open = (): DeadLetterStore =>
    (store ??= config.esdbUrl
      ? new ClickHouseDeadLetterStore(analytics)
      : new SqliteDeadLetterStore(sqliteDeadLetterPath(config)));
  return {
    record: (l: Omit<DeadLetter, 'attempts'>) => open().record(l),
    list: (consumer?: string) => open().list(consumer),
    counts: () => open().counts(),
    remove: (consumer: string, offset: number) => open().remove(consumer, offset),
    close: async () => store?.close(),
  };
}
