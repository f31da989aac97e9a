import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliArgs, CliContext, flagInt, UsageError } from '@okapi/cli';
import { Bench, Figures } from './bench';
import { descendantsOf } from './process-tree';

/** Every `<name>.bench.ts` beside this file, by name. */
export function benchNames(): string[] {
  return readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace('.bench.ts', ''))
    .sort();
}

function load(name: string): Bench {
  const file = join(__dirname, `${name}.bench.ts`);
  if (!/^[a-z][a-z-]*$/.test(name) || !existsSync(file)) {
    throw new UsageError(`unknown benchmark "${name}" (one of: ${benchNames().join(', ')}, all)`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads only the benchmark asked for, by its file name.
  return (require(file) as { bench: Bench }).bench;
}

/** `okapi bench <name|all>`: the benchmarks asked for, run by runBenchList. */
export async function runBenches(args: CliArgs, ctx: CliContext): Promise<number> {
  const which = args.positionals[0];
  if (!which) throw new UsageError('which benchmark?');
  return runBenchList(which === 'all' ? benchNames().map(load) : [load(which)], args, ctx);
}

/**
 * Runs each benchmark under its deadline, prints its figures as one JSON line, and returns 1 when
 * a goal is missed (a figure named `*_met` or `meets_target` that is false) or a benchmark threw
 * (the others still run). After each one, whatever processes it left running are killed.
 */
export async function runBenchList(list: readonly Bench[], args: CliArgs, ctx: CliContext): Promise<number> {
  const failed: string[] = [];
  for (const b of list) {
    const log = (line: string): void => void ctx.io.stdout.write(`[${b.name}] ${line}\n`);
    log(b.summary);
    try {
      const figures = await withDeadline(b, deadlineOf(b, args), () => b.run(args, ctx, log));
      ctx.io.stdout.write(`${JSON.stringify({ bench: b.name, ...figures })}\n`);
      failed.push(...missedGoals(figures).map((f) => `${b.name}.${f} missed`));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      failed.push(`${b.name} failed: ${(e as Error).message}`);
    } finally {
      killDescendants();
    }
  }
  if (failed.length) ctx.io.stderr.write(`okapi bench: ${failed.join('; ')}\n`);
  exitIfStuck(failed.length ? 1 : 0);
  return failed.length ? 1 : 0;
}

/** Per benchmark, unless it sets its own; `--full` doubles it unless the bench sets that too. */
const DEFAULT_DEADLINE_S = 15 * 60;

function deadlineOf(b: Bench, args: CliArgs): number {
  const given = flagInt(args, 'deadline', 1);
  if (given !== undefined) return given;
  const base = b.deadlineS ?? DEFAULT_DEADLINE_S;
  return args.flags.full ? (b.fullDeadlineS ?? 2 * base) : base;
}

function missedGoals(figures: Figures): string[] {
  return Object.entries(figures)
    .filter(([k, v]) => (k.endsWith('_met') || k === 'meets_target') && v === false)
    .map(([k]) => k);
}

/**
 * No benchmark may hang a run: past its deadline the process kills what it spawned and exits
 * non-zero, naming it. A benchmark holds servers, children and workers that a rejected promise
 * would leave running, so this exits instead of unwinding.
 */
async function withDeadline(b: Bench, seconds: number, run: () => Promise<Figures>): Promise<Figures> {
  const timer = setTimeout(() => {
    process.stderr.write(`okapi bench: ${b.name} did not finish within its deadline of ${seconds} s\n`);
    killDescendants();
    process.exit(3);
  }, seconds * 1000);
  try {
    return await run();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A benchmark that threw may leave a server or socket open, which would keep the process alive
 * after the run: exit with the run's code if it has not ended on its own shortly after.
 */
function exitIfStuck(code: number): void {
  setTimeout(() => {
    process.stderr.write('okapi bench: handles left open after the run; exiting\n');
    process.exit(code);
  }, STUCK_GRACE_MS).unref();
}

const STUCK_GRACE_MS = 10_000;

/**
 * SIGKILLs every process descended from this one (Linux /proc; elsewhere a no-op, and
 * bench.ts's killOnExit still covers the children that benches register). Benchmarks run one at a
 * time, so between two of them, and at a deadline, any descendant is one a benchmark left behind.
 */
export function killDescendants(): void {
  for (const pid of descendantsOf(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
