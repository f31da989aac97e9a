import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@okapi/domain';
import { OkapiConfig } from '../config/env-config';
import { openSqliteEventStore } from './sqlite/sqlite-event-store';

export interface OpenEventStoreOptions {
  /** Open for reading only (SQLite: a read-only handle next to a writing process). Default false. */
  readonly readOnly?: boolean;
}

/** The embedded store's file inside the data directory. */
export function sqliteEventStorePath(config: Pick<OkapiConfig, 'dataDir'>): string {
  return join(config.dataDir, 'events.sqlite3');
}

/**
 * EventStoreDB when `OKAPI_ESDB_URL` is set, otherwise SQLite at `${dataDir}/events.sqlite3`.
 * The ESDB client (gRPC) is loaded only when used: it costs start-up time for every CLI command.
 */
export async function openEventStore(config: OkapiConfig, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  if (config.esdbUrl) {
    const { openEsdbEventStore } = await import('./esdb/esdb-event-store');
    return openEsdbEventStore({ connectionString: config.esdbUrl });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteEventStore({ path: sqliteEventStorePath(config), readOnly: options.readOnly });
}
