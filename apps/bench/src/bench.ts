import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliArgs, CliContext, flagInt } from '@okapi/cli';

/** A figure: a number (rates, latencies, ratios) or a short label. */
export type Figures = Record<string, number | string | boolean>;

/**
 * One benchmark per file: `apps/bench/src/<name>.bench.ts` exporting `bench`.
 * `run` prints human-readable lines through `log` and returns every figure, each next to its
 * same-run baseline and their ratio; `okapi bench` prints that object as the last line. A goal is
 * a boolean figure named `*_met`: one that is false makes `okapi bench` exit non-zero, as does
 * an exception or running past the deadline.
 */
export interface Bench {
  readonly name: string;
  readonly summary: string;
  /** Seconds the benchmark may take before `okapi bench` gives up on it (default 15 min). */
  readonly deadlineS?: number;
  /** The same under `--full` (default twice deadlineS). */
  readonly fullDeadlineS?: number;
  run(args: CliArgs, ctx: CliContext, log: (line: string) => void): Promise<Figures>;
}

/** A size flag (`--events N`, at least 1); without it, `quick` under `--quick`, else `full`. */
export function sizeFlag(args: CliArgs, name: string, quick: number, full: number): number {
  return flagInt(args, name, 1) ?? (args.flags.quick ? quick : full);
}

/** Rounds for printing: 3 significant decimals below 10, integers above. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

/** Wall-clock seconds `fn` takes (synchronous work). */
export function secondsOf(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

/** Wall-clock seconds until `fn` settles. */
export async function secondsOfAsync(fn: () => Promise<void> | void): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** The p-th percentile of ascending `sorted` (nearest rank); NaN when there is nothing to rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Runs `fn` in a fresh temporary directory, removed afterwards whatever happens, also when a
 * deadline exits the process (run-benches.ts exits instead of unwinding): a full-size bench
 * leaves gigabytes there.
 */
export async function inTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Retries: a child killed on exit (killOnExit) may still be closing its files there.
  const remove = (): void => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  process.once('exit', remove);
  try {
    return await fn(dir);
  } finally {
    process.off('exit', remove);
    remove();
  }
}

/**
 * Kills `child` (SIGKILL) if this process exits first: a deadline's `process.exit` leaves
 * spawned commands running otherwise (an `okapi project` of the scale bench went on projecting,
 * and filling its temporary directory, for an hour after its bench gave up). Runs before
 * inTempDir's removal.
 */
export function killOnExit(child: ChildProcess): void {
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  process.prependListener('exit', kill);
  child.once('exit', () => process.off('exit', kill));
}
