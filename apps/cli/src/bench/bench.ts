import { CliArgs } from '../cli-args';
import { CliContext } from '../command';

/** A figure: a number (rates, latencies, ratios) or a short label. */
export type Figures = Record<string, number | string | boolean>;

/**
 * One benchmark per file: `apps/cli/src/bench/<name>.bench.ts` exporting `bench`.
 * `run` prints human-readable lines through `log` and returns every figure, each next to its
 * same-run baseline and their ratio; `okapi bench` prints that object as the last line.
 */
export interface Bench {
  readonly name: string;
  readonly summary: string;
  run(args: CliArgs, ctx: CliContext, log: (line: string) => void): Promise<Figures>;
}

/** Rounds for printing: 3 significant decimals below 10, integers above. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}
