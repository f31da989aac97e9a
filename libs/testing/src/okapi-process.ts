import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');

/** `okapi start` as a child process, as a user runs it, on a data dir and a free port. */
export interface OkapiServer {
  readonly base: string;
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

/** The environment of a shell that knows only the data directory and what the test passes. */
export function okapiEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_')));
  return { ...clean, OKAPI_DATA_DIR: dataDir, OKAPI_LOG_LEVEL: 'warn', ...extra };
}

export async function startOkapi(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<OkapiServer> {
  const child = spawn('node', [BIN, 'start', ...args], {
    cwd: ROOT,
    env: okapiEnv(dataDir, { OKAPI_PORT: '0', ...env }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await waitFor(
      () =>
        stdout.split('\n').find((l) => l.startsWith('{"listening"')) ?? (child.exitCode !== null ? 'exit' : undefined),
      {
        timeoutMs: 90_000,
        intervalMs: 100,
        message: 'okapi start to listen',
      },
    );
    if (line === 'exit') throw new Error(`okapi start exited ${child.exitCode}: ${stderr}`);
    const { console: url } = JSON.parse(line) as { console: string };
    return {
      base: url,
      stderr: () => stderr,
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** One `okapi` CLI command against a data dir; resolves with its exit code and output. */
export function okapiCli(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [BIN, ...args],
      { cwd: ROOT, env: okapiEnv(dataDir, env), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
