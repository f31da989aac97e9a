import { ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

/** `okapi` exactly as a user runs it: `node bin/okapi.js <command>` from the repository root. */
export const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');

/** The environment of a shell: the caller's, minus OKAPI_* (the suite sets its own). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_')));
  return { ...base, ...extra };
}

export interface OkapiServer {
  readonly child: ChildProcess;
  readonly base: string;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

/** `okapi start`; resolves once it prints its `{"listening": ...}` line. */
export async function startOkapi(env: Record<string, string>, timeoutMs = 90_000): Promise<OkapiServer> {
  const child = spawn('node', [BIN, 'start'], { cwd: ROOT, env: cleanEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = stdout.split('\n').find((l) => l.startsWith('{"listening"'));
    if (line)
      return { child, base: (JSON.parse(line) as { listening: string }).listening, stderr: () => stderr, exited };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`okapi start did not come up (exit ${child.exitCode}); stderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs one CLI command against the same data directory (it reaches the running server by itself). */
export function okapi(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export async function okapiOk(env: Record<string, string>, ...args: string[]): Promise<string> {
  const r = await okapi(env, ...args);
  if (r.code !== 0) throw new Error(`okapi ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return r.stdout;
}
