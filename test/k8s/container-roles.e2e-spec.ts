import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { makeTempDir, okapiEnv, sleep, TempDir, waitFor } from '@okapi/testing';
import { must } from '@okapi/domain';

/**
 * The image's roles, run for real through docker/entrypoint.sh on embedded stores (the same
 * processes the Kubernetes workloads start, minus the distributed URLs): ingest records events,
 * the projector projects them into the views, the api serves /healthz and /readyz, and each stops
 * cleanly on SIGTERM, as a pod does.
 */
const ENTRYPOINT = resolve(__dirname, '../../docker/entrypoint.sh');

let data: TempDir;
beforeAll(() => {
  data = makeTempDir('okapi-roles-');
});
afterAll(() => data.remove());

function roleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // OKAPI_PORT 0: every role serves /healthz, /readyz, /metrics; any free port here.
  return okapiEnv(data.path, { OKAPI_PORT: '0', ...extra });
}

function startRole(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn('sh', [ENTRYPOINT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (err += b));
  return { child, stdout: () => out, stderr: () => err };
}

/** SIGTERM, as the kubelet sends; resolves with the exit code (or 128+15 when the signal ended it). */
async function terminate(child: ChildProcess): Promise<number> {
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await exited;
  clearTimeout(timer);
  return code ?? (signal === 'SIGTERM' ? 143 : -1);
}

function okapi(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync('sh', [ENTRYPOINT, 'okapi', ...args], {
    env: roleEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status, stdout, stderr };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Starts a role on a free port and waits for its /readyz (a loaded machine can take seconds to boot one). */
async function startReadyRole(
  args: string[],
  extra: Record<string, string> = {},
): Promise<ReturnType<typeof startRole>> {
  const port = await freePort();
  const role = startRole(args, roleEnv({ ...extra, OKAPI_PORT: String(port) }));
  await waitFor(
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 200, message: `${args.join(' ')} to be ready (stderr: ${role.stderr()})` },
  );
  return role;
}

describe('container roles through docker/entrypoint.sh', () => {
  it('ingest records events from the configured source and stops on SIGTERM', async () => {
    const ingest = await startReadyRole(['ingest'], {
      OKAPI_SOURCES: 'generator:testwiki',
      OKAPI_GENERATOR_RATE: '100',
    });
    await sleep(2000);
    expect(await terminate(ingest.child)).toBe(0);
    const summary = JSON.parse(must(ingest.stdout().trim().split('\n').pop(), 'the summary line'));
    expect(summary.head).toBeGreaterThan(0);
  });

  it('projector projects those events into the views', async () => {
    let rows = 0;
    for (let round = 0; round < 6 && rows === 0; round++) {
      const projector = await startReadyRole(['projector']);
      await sleep(1000 + round * 1000);
      expect([await terminate(projector.child), projector.stderr()]).toEqual([
        expect.any(Number),
        expect.not.stringMatching(/error/i),
      ]);
      const sql = okapi(['sql', 'SELECT count() AS n FROM revisions']);
      expect(sql.stderr).not.toMatch(/error/i);
      rows = Number(JSON.parse(sql.stdout.trim().split('\n')[0]).n);
    }
    expect(rows).toBeGreaterThan(0);
  });

  it('api serves /healthz and /readyz on OKAPI_PORT and stops on SIGTERM', async () => {
    const port = await freePort();
    const api = startRole(['api'], roleEnv({ OKAPI_PORT: String(port) }));
    try {
      await waitFor(() => api.stdout().includes('"listening"'), {
        timeoutMs: 60_000,
        intervalMs: 100,
        message: `api to listen (stderr: ${api.stderr()})`,
      });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: Record<string, { status: string }> }).checks.event_store.status).toBe(
        'ok',
      );
    } finally {
      // 143: Nest's shutdown hook re-raises SIGTERM after closing; Kubernetes treats both as a clean stop.
      expect([0, 143]).toContain(await terminate(api.child));
    }
    expect(api.stderr()).toContain('okapi: stopping');
  });
});
