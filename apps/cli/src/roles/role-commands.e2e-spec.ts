/**
 * The role subcommands as processes: what they refuse, what their /readyz says, and a clean stop.
 * Real NATS (OKAPI_TEST_NATS_URL, a throw-away stream) for the publisher; a ClickHouse URL that
 * nothing answers for the not-ready case.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { connect } from 'nats';
import { makeTempDir, TempDir, uniqueName, waitFor } from '@okapi/testing';

const OKAPI = join(__dirname, '../../../../bin/okapi.js');
const NATS = process.env.OKAPI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

let data: TempDir;
const children: ChildProcess[] = [];
beforeAll(() => (data = makeTempDir('okapi-role-cmd-')));
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  data.remove();
});

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_')));
  return { ...clean, OKAPI_DATA_DIR: data.path, OKAPI_PORT: '0', OKAPI_LOG_LEVEL: 'warn', ...extra };
}

/** Starts a role and resolves with its health URL from the `listening` line. */
async function startRole(role: string, extra: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [OKAPI, role], { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (err += b));
  const line = await waitFor(() => out.split('\n').find((l) => l.includes('"listening"')), {
    timeoutMs: 60_000,
    message: `${role} to listen (stderr: ${err})`,
  });
  return { child, url: (JSON.parse(line) as { listening: string }).listening };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  return ((await exited) as [number | null])[0];
}

const json = async (url: string): Promise<{ status: number; body: any }> => {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
};

it('refuses to run the publisher without OKAPI_NATS_URL, naming it (exit 2)', () => {
  const run = spawnSync(process.execPath, [OKAPI, 'publisher'], { env: env({}), encoding: 'utf8' });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('the publisher role needs OKAPI_NATS_URL');
});

it('publisher: ready once the event store, NATS and its worker are; stops cleanly on SIGTERM', async () => {
  const stream = uniqueName('OKAPI_TEST_ROLE_');
  const { child, url } = await startRole('publisher', { OKAPI_NATS_URL: NATS, OKAPI_NATS_STREAM: stream });
  try {
    const ready = await waitFor(
      async () => ((await json(`${url}/readyz`)).status === 200 ? json(`${url}/readyz`) : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    expect(Object.keys(ready.body.checks).sort()).toEqual(['bus', 'dead_letters', 'event_store', 'workers']);
    expect(await json(`${url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^okapi_publisher_lag_events 0$/m);
    expect(await stop(child)).toBe(0);
  } finally {
    const nc = await connect({ servers: NATS });
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
});

it('projector: not ready (503 naming ClickHouse) while its server does not answer, yet alive', async () => {
  const { child, url } = await startRole('projector', { OKAPI_CLICKHOUSE_URL: 'http://127.0.0.1:9/okapi' });
  const ready = await json(`${url}/readyz`);
  expect(ready.status).toBe(503);
  expect(ready.body.checks.analytics.status).toBe('fail');
  expect(ready.body.checks.event_store.status).toBe('ok');
  expect((await json(`${url}/healthz`)).status).toBe(200);
  // The views worker starts, then its loop dies on the first batch: restarted with backoff, counted, shown.
  const restarted = await waitFor(
    async () => {
      const r = await json(`${url}/readyz`);
      return r.body.checks.workers.workers.views.restarts >= 2 ? r : undefined;
    },
    { timeoutMs: 20_000, message: 'views restarted twice' },
  );
  expect(restarted.status).toBe(503);
  expect(restarted.body.checks.workers).toMatchObject({
    status: 'fail',
    workers: { views: { lastError: expect.any(String) } },
  });
  expect(['running', 'restarting']).toContain(restarted.body.checks.workers.workers.views.state);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  expect(Number(/^okapi_worker_restarts_total\{worker="views"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
  expect(child.exitCode).toBeNull();
  expect((await json(`${url}/healthz`)).status).toBe(200);
  expect(await stop(child)).toBe(0);
});
