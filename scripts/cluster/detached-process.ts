import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A background process of the local cluster: its pid plus its start time, so a reused pid is never mistaken for it. */
export interface ProcessRecord {
  readonly pid: number;
  /** /proc/<pid>/stat field 22 (clock ticks since boot); undefined where /proc does not exist. */
  readonly startTicks?: number;
  readonly startedAt: number;
}

/**
 * Starts `command` in its own session (it outlives the caller, like a service), stdout and stderr
 * appended to `logFile`, and returns its record.
 */
export function spawnDetached(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string },
): ProcessRecord {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return { pid: child.pid, startTicks: startTicks(child.pid), startedAt: Date.now() };
  } finally {
    closeSync(log);
  }
}

/** True while the recorded process runs (a zombie or a different process under the same pid is not it). */
export function isRunning(p: ProcessRecord | undefined): boolean {
  if (!p) return false;
  try {
    process.kill(p.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(p.pid);
  if (!stat) return !existsSync('/proc/self/stat'); // no /proc: trust kill(0)
  return stat.state !== 'Z' && (p.startTicks === undefined || stat.startTicks === p.startTicks);
}

/** Sends `signal` to the recorded process only if it is still that process. */
export function signal(p: ProcessRecord | undefined, sig: NodeJS.Signals): boolean {
  if (!p || !isRunning(p)) return false;
  process.kill(p.pid, sig);
  return true;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(p: ProcessRecord | undefined, graceMs = 15_000): Promise<void> {
  if (!signal(p, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (isRunning(p) && Date.now() < deadline) await sleep(50);
  if (signal(p, 'SIGKILL')) while (isRunning(p)) await sleep(20);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function startTicks(pid: number): number | undefined {
  return procStat(pid)?.startTicks;
}

function procStat(pid: number): { state: string; startTicks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its closing one.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}
