import { join } from 'node:path';
import { makeTempDir, TempDir, uniqueName } from '@okapi/testing';
import { must } from '@okapi/domain';
import { Analytics } from '../analytics';
import { openAnalytics } from '../open-analytics';
import { parseServerUrl, ServerEngine } from '../server-engine';
import { promised } from '../../errors/promised';

/**
 * Both engines for int-specs. chDB runs in a temp directory of its own; the server tier needs
 * OKAPI_TEST_CLICKHOUSE_URL (scripts/clickhouse-server.sh) and uses a random database it drops
 * after. Without the URL the server tier is reported as not run, unless
 * OKAPI_TEST_REQUIRE_CLICKHOUSE=1, which turns that into a failure.
 */
export const SERVER_URL = process.env.OKAPI_TEST_CLICKHOUSE_URL;
const REQUIRE_SERVER = process.env.OKAPI_TEST_REQUIRE_CLICKHOUSE === '1';

export interface EngineHarness {
  readonly kind: 'chdb' | 'server';
  /** Opens (or reopens: same directory / database) the engine, migrated; lookup cache off by default. */
  open(cacheBytes?: number): Promise<Analytics>;
  /** Removes the directory / drops the database. Close what `open` returned first. */
  destroy(): Promise<void>;
}

export function chdbHarness(): EngineHarness {
  let dir: TempDir | undefined;
  return {
    kind: 'chdb',
    open: (cacheBytes = 0) => {
      dir ??= makeTempDir('okapi-chdb-');
      return openAnalytics({ chdbPath: join(dir.path, 'chdb'), cacheBytes });
    },
    destroy: () => promised(() => dir?.remove()),
  };
}

/**
 * The read-only user of the tests' throwaway databases: okapi_readonly's profile on any database
 * (okapi_readonly reaches only the okapi databases, and these have random names).
 */
export const TEST_READ_ONLY_USER = 'okapi_readonly_test';

export function serverHarness(): EngineHarness {
  const database = uniqueName('okapi_test_');
  return {
    kind: 'server',
    open: (cacheBytes = 0) =>
      openAnalytics({
        serverUrl: SERVER_URL,
        database,
        chdbPath: '',
        cacheBytes,
        readOnly: { username: TEST_READ_ONLY_USER },
      }),
    destroy: async () => {
      const engine = await ServerEngine.open(parseServerUrl(must(SERVER_URL, 'OKAPI_TEST_CLICKHOUSE_URL'), database));
      await engine.dropDatabase();
      await engine.close();
    },
  };
}

/** `describe` for each engine: chDB always; the server when configured (see above). */
export function describeEachEngine(title: string, body: (harness: () => EngineHarness) => void): void {
  describe(`${title} [chdb]`, () => {
    const h = chdbHarness();
    body(() => h);
  });
  if (SERVER_URL) {
    describe(`${title} [clickhouse-server]`, () => {
      const h = serverHarness();
      body(() => h);
    });
  } else if (REQUIRE_SERVER) {
    describe(`${title} [clickhouse-server]`, () => {
      it('needs OKAPI_TEST_CLICKHOUSE_URL (OKAPI_TEST_REQUIRE_CLICKHOUSE=1)', () => {
        throw new Error(
          'OKAPI_TEST_REQUIRE_CLICKHOUSE=1 but OKAPI_TEST_CLICKHOUSE_URL is unset: run scripts/clickhouse-server.sh start',
        );
      });
    });
  } else {
    describe.skip(`${title} [clickhouse-server: NOT RUN, OKAPI_TEST_CLICKHOUSE_URL unset]`, () => body(serverHarness));
  }
}

/** What a suite of `openedEngine` reads: set before its own `beforeAll` runs. */
export interface OpenedEngine {
  readonly analytics: Analytics;
}

/**
 * For a `describeEachEngine` body: the engine (migrated; lookup cache of `cacheBytes`, default
 * off), opened in a `beforeAll` registered here (so before the suite's own), closed and dropped after.
 */
export function openedEngine(harness: () => EngineHarness, cacheBytes?: number): OpenedEngine {
  let analytics: Analytics | undefined;
  beforeAll(async () => {
    analytics = await harness().open(cacheBytes);
  });
  afterAll(async () => {
    await analytics?.close();
    await harness().destroy();
  });
  return {
    get analytics() {
      if (analytics === undefined) throw new Error('openedEngine: read it in a test or a later hook');
      return analytics;
    },
  };
}
