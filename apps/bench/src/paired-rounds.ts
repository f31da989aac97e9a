import { Figures, round } from './bench';

/**
 * Same-run comparisons on a shared, noisy machine: the measured system and its baseline run in
 * alternating rounds whose order flips every round (A B, B A, A B, ...), so drift, warm-up and a
 * neighbour's burst land on both sides alike. Ratios are taken within a round (the two runs sat
 * next to each other in time), then summarised by their median and spread.
 */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1] };
}

export interface Paired<T> {
  readonly system: T[];
  readonly baseline: T[];
}

/**
 * Runs `rounds` pairs; round i runs the baseline first when i is even. `report` sees each result
 * as it arrives (for progress lines).
 */
export async function pairedRounds<T>(
  rounds: number,
  system: () => Promise<T>,
  baseline: () => Promise<T>,
  report: (side: 'system' | 'baseline', round: number, result: T) => void,
): Promise<Paired<T>> {
  const out: Paired<T> = { system: [], baseline: [] };
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? (['baseline', 'system'] as const) : (['system', 'baseline'] as const);
    for (const side of order) {
      const r = await (side === 'system' ? system() : baseline());
      out[side].push(r);
      report(side, i, r);
    }
  }
  return out;
}

/** Per-round ratios system/baseline of one figure. */
export function roundRatios<T>(p: Paired<T>, figure: (r: T) => number): number[] {
  return p.system.map((s, i) => figure(s) / figure(p.baseline[i]));
}

/** `1.05 (0.91–1.32)`: a median with its spread, for log lines. */
export function formatSpread(s: Spread, digits = 2): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** The median over rounds of one figure, rounded for the report. */
export function medianOf<T>(results: readonly T[], figure: (r: T) => number): number {
  return round(spread(results.map(figure)).median);
}

/** `{<prefix>_<name>: median over rounds}` for each figure in `figures`: one side's report lines. */
export function medianFigures<T>(
  prefix: string,
  results: readonly T[],
  figures: Readonly<Record<string, (r: T) => number>>,
): Figures {
  return Object.fromEntries(Object.entries(figures).map(([name, f]) => [`${prefix}_${name}`, medianOf(results, f)]));
}

/** `{<name>: median, <name>_min: min, <name>_max: max}`, rounded: a spread of ratios in the report. */
export function spreadFigures(name: string, s: Spread): Figures {
  return { [name]: round(s.median), [`${name}_min`]: round(s.min), [`${name}_max`]: round(s.max) };
}
