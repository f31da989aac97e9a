import { must } from '@okapi/domain';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from '@okapi/adapters/resilience';
import { cpuMsOfStat } from '@okapi/adapters/runtime';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** A child process the bench started, and how to stop it (by its own pid, nothing broader). */
export interface BenchProcess {
  readonly pid: number;
  readonly url: string;
  /** CPU seconds it used so far (Linux /proc; NaN elsewhere). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1 (the OS picks; released before the caller binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export function processCpuSeconds(pid: number): number {
  try {
    return cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) / 1000;
  } catch {
    return NaN;
  }
}

function handle(child: ChildProcess, url: string): BenchProcess {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    pid: must(child.pid, 'child.pid'),
    url,
    cpuSeconds: () => processCpuSeconds(must(child.pid, 'child.pid')),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

async function until(what: string, child: ChildProcess, ready: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${what} not ready within ${ms} ms`);
}

/**
 * A NATS server with JetStream of the bench's own (free port, store under `dir`), so the bench
 * neither touches the shared server's streams nor competes with other users of it.
 */
export async function startPrivateNats(dir: string): Promise<BenchProcess> {
  const port = await freePort();
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`nats-server: ${e.message} (scripts/ensure-nats.sh installs it)`))),
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString('utf8')));
  await Promise.race([
    failed,
    until('nats-server', child, () => Promise.resolve(log.includes('Server is ready')), 15_000),
  ]);
  return handle(child, `nats://127.0.0.1:${port}`);
}

/** `okapi api` (the API replica role) as its own process, with `env` on top of the bench's. */
export async function startApiReplica(env: Record<string, string>): Promise<BenchProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'okapi.js'), 'api'], {
    env: { ...process.env, ...env, OKAPI_PORT: String(port), OKAPI_HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Its "listening"/"stopping" lines are noise in bench output; they matter only when it fails.
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await until('okapi api', child, async () => (await fetch(`${url}/healthz`)).ok, 60_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${log}`, { cause: e });
  }
  return handle(child, url);
}
