import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication, Type } from '@nestjs/common';
import { createApiApp } from '@okapi/api';
import { hashPassword } from '@okapi/adapters/auth';
import { loadConfig } from '@okapi/adapters/config';
import { projectionRunnerFor } from '@okapi/adapters/clickhouse';
import { openRuntime } from '@okapi/adapters/runtime';
import { Runtime } from '@okapi/adapters/runtime';
import { importDump } from '@okapi/adapters/sources/dump';
import { importSnapshot } from '@okapi/adapters/sources/snapshot';
import { PageCommandHandler } from '@okapi/domain';
import { makeTempDir, TempDir } from './temp-dir';

/**
 * A running API over real stores, for e2e tests: temp data dir, embedded SQLite + chDB, the given
 * fixtures (XML dumps, WME snapshots) imported through the real importers and projected until
 * caught up, then the Nest app
 * listening on 127.0.0.1:0. One user (`tester` / `HARNESS_PASSWORD`) and one static API token.
 */
export const HARNESS_USER = 'tester';
export const HARNESS_PASSWORD = 'correct horse battery staple';
export const HARNESS_API_TOKEN = 'okapi-e2e-static-token-0123456789';

export interface ApiHarnessOptions {
  /** MediaWiki XML dumps to import. */
  readonly dumps?: readonly string[];
  /** WME snapshots / NDJSON of WME Articles to import. */
  readonly snapshots?: readonly string[];
  /** Imports into the runtime before projecting (e.g. a WME snapshot importer). */
  readonly seed?: (runtime: Runtime) => Promise<unknown>;
  /** Extra OKAPI_* variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra Nest modules mounted in the app (e.g. fault-injecting test routes). */
  readonly modules?: readonly Type[];
}

export interface ApiHarness {
  readonly baseUrl: string;
  readonly runtime: Runtime;
  readonly dir: TempDir;
  readonly app: INestApplication;
  /** fetch() against the app; adds `Authorization: Bearer <static token>` unless `auth: false`. */
  request(path: string, init?: RequestInit & { auth?: boolean | string }): Promise<Response>;
  close(): Promise<void>;
}

export async function startApiHarness(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const dir = makeTempDir('okapi-api-');
  const config = loadConfig({
    OKAPI_DATA_DIR: dir.path,
    OKAPI_LOG_LEVEL: 'error',
    OKAPI_API_TOKENS: HARNESS_API_TOKEN,
    OKAPI_USERS: `${HARNESS_USER}:${await hashPassword(HARNESS_PASSWORD)}`,
    ...options.env,
  });
  const runtime = await openRuntime(config);
  try {
    for (const file of options.dumps ?? []) await importDump(file, runtime);
    for (const file of options.snapshots ?? []) {
      const stats = await importSnapshot(
        file,
        new PageCommandHandler(runtime.eventStore, { suspectThreshold: config.suspectThreshold }),
      );
      if (stats.rejected) throw new Error(`${file}: ${stats.rejected} lines rejected`);
    }
    await options.seed?.(runtime);
    await projectionRunnerFor(runtime).runUntilCaughtUp();
    const app = await createApiApp(runtime, { logger: false, modules: options.modules });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    return {
      baseUrl,
      runtime,
      dir,
      app,
      request: (path, init = {}) => {
        const { auth = true, ...rest } = init;
        const headers = new Headers(rest.headers);
        if (auth !== false && !headers.has('authorization'))
          headers.set('authorization', `Bearer ${auth === true ? HARNESS_API_TOKEN : auth}`);
        return fetch(`${baseUrl}${path}`, { ...rest, headers });
      },
      close: async () => {
        await app.close();
        await runtime.close();
        dir.remove();
      },
    };
  } catch (e) {
    await runtime.close();
    dir.remove();
    throw e;
  }
}
