import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@okapi/adapters/auth';
import { realDataPath, realDataStatus } from '@okapi/testing';
import { must } from '@okapi/domain';
import { okapiOk, startOkapi } from './okapi-process';
import { STATE_FILE, SuiteState } from './suite-state';

/**
 * One real Okapi for the whole conformance run: `okapi start` on a temp data dir and a free port,
 * live traffic from the generator, seeded with real Wikimedia data read in place from
 * OKAPI_REAL_DATA_DIR (default ../shared/data; never copied, see test/SOURCES.md): WME's own
 * Article records (import-snapshot) and MediaWiki XML dumps (import-dump). Then the bulk files the
 * SDKs download are built with the CLI. Conformance needs that data: without it the run fails.
 */
export default async function globalSetup(): Promise<void> {
  const status = realDataStatus();
  if (!status.available)
    throw new Error(
      `the conformance suite needs the real data: missing ${status.missing.join(', ')} in ${status.dir} (set OKAPI_REAL_DATA_DIR)`,
    );
  const realDataDir = status.dir;
  const dataDir = mkdtempSync(join(tmpdir(), 'okapi-conformance-'));
  const username = 'conformance';
  const password = 'conformance suite password 0123456789';
  const env = {
    OKAPI_DATA_DIR: dataDir,
    OKAPI_PORT: '0',
    OKAPI_HOST: '127.0.0.1',
    OKAPI_LOG_LEVEL: 'warn',
    OKAPI_USERS: `${username}:${await hashPassword(password)}`,
    // Live traffic: ~4 synthetic edits a second, on a wiki the real data does not touch.
    OKAPI_SOURCES: 'generator:simplewiki',
    OKAPI_GENERATOR_RATE: '4',
    // Heartbeats every second: were they on NDJSON by default, every SDK stream would break at once.
    OKAPI_HEARTBEAT_MS: '1000',
    // The suite builds bulk files itself (below).
    OKAPI_SNAPSHOT_TIME: 'off',
    OKAPI_BATCH_SCHEDULE: 'false',
  };
  const server = await startOkapi(env).catch((e: unknown) => {
    rmSync(dataDir, { recursive: true, force: true }); // teardown only knows a started server
    throw e;
  });
  // Small entries and chunks, so a snapshot of a few real articles has several chunks.
  const cliEnv = {
    OKAPI_DATA_DIR: dataDir,
    OKAPI_LOG_LEVEL: 'warn',
    OKAPI_SNAPSHOT_ENTRY_BYTES: '65536',
    OKAPI_SNAPSHOT_CHUNK_BYTES: '131072',
  };
  const real = (...p: string[]): string => realDataPath(...p);
  await okapiOk(cliEnv, 'import-snapshot', real('enterprise', 'articles.ndjson'));
  await okapiOk(cliEnv, 'import-dump', real('xml', 'article-pear-0.10.xml'));
  await okapiOk(cliEnv, 'import-dump', real('xml', 'pair-0.10.xml'));
  const seededHead = await waitForViews(server.base, username, password);
  await okapiOk(cliEnv, 'snapshot');
  for (const hour of ['2023-08-24T01', '2014-12-17T21', '2008-09-09T22'])
    await okapiOk(cliEnv, 'batch', '--hour', hour);
  const state: SuiteState = {
    baseUrl: `${server.base}/`,
    authUrl: `${server.base}/v1`,
    username,
    password,
    dataDir,
    realDataDir,
    pid: must(server.child.pid, 'the server pid'),
    seededHead,
    cliEnv,
  };
  writeFileSync(STATE_FILE, JSON.stringify(state));
  process.env.OKAPI_CONFORMANCE_STATE = STATE_FILE;
  (globalThis as { okapiConformance?: unknown }).okapiConformance = { server, dataDir };
}

/** Until the views hold every seeded article (the importers append; the projector follows). */
async function waitForViews(base: string, username: string, password: string): Promise<number> {
  const login = await fetch(`${base}/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [squirrel, pear, cullu] = await Promise.all(
      ['Squirrel', 'Pear', 'Çullu,_Agdam'].map(async (n) => {
        const r = await fetch(`${base}/v2/articles/${encodeURIComponent(n)}`, { headers: auth });
        return r.status === 200 ? ((await r.json()) as unknown[]).length : 0;
      }),
    );
    if (squirrel === 3 && pear === 1 && cullu === 1) {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      return Number(/^okapi_event_store_head_offset (\d+)/m.exec(metrics)?.[1] ?? 0);
    }
    if (Date.now() > deadline)
      throw new Error(`seeded articles not served (Squirrel ${squirrel}, Pear ${pear}, Çullu ${cullu})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
