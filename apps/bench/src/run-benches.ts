import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliArgs, CliContext, flagInt, UsageError } from '@okapi/cli';
import { Bench, Figures } from './bench';

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

/**
 * `okapi bench <name|all>`: runs each benchmark under its deadline, prints its figures as one JSON
 * line, and returns 1 when a goal is missed (a figure named `*_met` or `meets_target` that is false).
 */
export async function runBenches(args: CliArgs, ctx: CliContext): Promise<number> {
  const which = args.positionals[0];
  if (!which) throw new UsageError('which benchmark?');
  const list = which === 'all' ? benchNames().map(load) : [load(which)];
  const deadlineS = flagInt(args, 'deadline', 1) ?? DEFAULT_DEADLINE_S;
  const missed: string[] = [];
  for (const b of list) {
    const log = (line: string): void => void ctx.io.stdout.write(`[${b.name}] ${line}\n`);
    log(b.summary);
    const figures = await withDeadline(b, deadlineS, () => b.run(args, ctx, log));
    ctx.io.stdout.write(`${JSON.stringify({ bench: b.name, ...figures })}\n`);
    missed.push(...missedGoals(figures).map((f) => `${b.name}.${f}`));
  }
  if (missed.length)
    ctx.io.stderr.write(`okapi bench: missed goal${missed.length > 1 ? 's' : ''}: ${missed.join(', ')}\n`);
  return missed.length ? 1 : 0;
}

/** Per benchmark; the full-size scale bench sets its own (`--deadline S` overrides). */
const DEFAULT_DEADLINE_S = 15 * 60;

function missedGoals(figures: Figures): string[] {
  return Object.entries(figures)
    .filter(([k, v]) => (k.endsWith('_met') || k === 'meets_target') && v === false)
    .map(([k]) => k);
}

/**
 * No benchmark may hang a run: past its deadline the process exits non-zero, naming it. A
 * benchmark holds servers, children and workers that a rejected promise would leave running,
 * so this exits instead of unwinding.
 */
async function withDeadline(b: Bench, defaultS: number, run: () => Promise<Figures>): Promise<Figures> {
  const seconds = b.deadlineS !== undefined && defaultS === DEFAULT_DEADLINE_S ? b.deadlineS : defaultS;
  const timer = setTimeout(() => {
    process.stderr.write(`okapi bench: ${b.name} did not finish within its deadline of ${seconds} s\n`);
    process.exit(3);
  }, seconds * 1000);
  try {
    return await run();
  } finally {
    clearTimeout(timer);
  }
}
