import { join } from 'node:path';
import { EventStore } from '@okapi/domain';
import { makeTempDir, TempDir } from '@okapi/testing';
import { openSqliteEventStore } from '../../eventstore/sqlite/sqlite-event-store';
import { Analytics } from '../analytics';
import { EngineHarness } from './analytics-engines.fixture';

// Reads no real data (views-store.fixture, which seeds stores from the real dumps, builds on it):
// a suite that only needs an empty store on an engine imports this one and needs no @real-data tag.

/** What a suite of `storeOnEngine` reads: set before its own `beforeAll` runs. */
export interface StoreOnEngine {
  /** The suite's temp directory (the store's events.sqlite3 is in it). */
  readonly dir: string;
  readonly store: EventStore;
  readonly analytics: Analytics;
}

export interface StoreOnEngineOptions {
  /** The temp directory's name prefix. */
  readonly prefix: string;
  /** Opens the event store at `path`: default an empty SQLite store; `seedStore` fills it with the real dumps. */
  readonly open?: (path: string, analytics: Analytics) => EventStore | Promise<EventStore>;
  /** The engine's lookup cache in bytes (default 0: off). */
  readonly cacheBytes?: number;
  /** Stops what the suite built on the store and engine, before they close. */
  readonly beforeClose?: () => unknown;
}

/**
 * For a `describeEachEngine` body: a temp directory, the engine and an event store in it, opened
 * in a `beforeAll` registered here (so before the suite's own) and closed and removed after.
 */
export function storeOnEngine(harness: () => EngineHarness, options: StoreOnEngineOptions): StoreOnEngine {
  let tmp: TempDir | undefined;
  let store: EventStore | undefined;
  let analytics: Analytics | undefined;
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('storeOnEngine: read it in a test or a later hook');
    return value;
  };
  beforeAll(async () => {
    tmp = makeTempDir(options.prefix);
    analytics = await harness().open(options.cacheBytes);
    const path = join(tmp.path, 'events.sqlite3');
    store = await (options.open ? options.open(path, analytics) : openSqliteEventStore({ path }));
  });
  afterAll(async () => {
    await options.beforeClose?.();
    await analytics?.close();
    await store?.close();
    await harness().destroy();
    tmp?.remove();
  });
  return {
    get dir() {
      return opened(tmp).path;
    },
    get store() {
      return opened(store);
    },
    get analytics() {
      return opened(analytics);
    },
  };
}
