import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_LABEL_WINDOW_MS, LabelOptions, RECENT_WINDOW } from '@okapi/domain';
import { CliArgs, flagInt, flagString, UsageError } from '../cli-args';
import { CliContext } from '../command';
import { progressBar } from '../cli-progress';
import { curvesSvg, PlottedCurve } from './curves-svg';
import { Replay, replayHistory } from './history-replay';
import { Evaluated, LabelledRow, labelReplay, LabelSummary, splitByTime } from './vandalism-eval';

/** Flags shared by `okapi eval vandalism` and `okapi train vandalism`. */
export const VANDALISM_FLAGS = [
  'dump',
  'wiki',
  'limit',
  'window-hours',
  'max-revisions',
  'self-reverts',
  'train-fraction',
  'out',
];

export interface VandalismArgs {
  readonly dump: string;
  readonly wiki?: string;
  readonly limit?: number;
  readonly labels: LabelOptions;
  readonly trainFraction: number;
}

export function vandalismArgs(args: CliArgs): VandalismArgs {
  if (args.positionals[0] !== 'vandalism' || args.positionals.length > 1)
    throw new UsageError('the only subject is "vandalism"');
  const dump = flagString(args, 'dump');
  if (!dump) throw new UsageError('--dump FILE is required (a MediaWiki history dump)');
  const selfReverts = flagString(args, 'self-reverts') ?? 'count';
  if (selfReverts !== 'count' && selfReverts !== 'ignore') throw new UsageError('--self-reverts is count or ignore');
  const fraction = Number(flagString(args, 'train-fraction') ?? '0.7');
  if (!(fraction > 0 && fraction < 1)) throw new UsageError('--train-fraction must be between 0 and 1');
  const maxRevisions = flagInt(args, 'max-revisions', 2) ?? RECENT_WINDOW;
  if (maxRevisions > RECENT_WINDOW)
    throw new UsageError(`--max-revisions is at most ${RECENT_WINDOW} (the revert window the page keeps)`);
  const windowHours = flagInt(args, 'window-hours', 1);
  return {
    dump,
    wiki: flagString(args, 'wiki'),
    limit: flagInt(args, 'limit', 1),
    labels: {
      windowMs: windowHours === undefined ? DEFAULT_LABEL_WINDOW_MS : windowHours * 3_600_000,
      maxRevisions,
      selfReverts,
    },
    trainFraction: fraction,
  };
}

export async function replayWithProgress(a: VandalismArgs, ctx: CliContext): Promise<Replay> {
  const bar = progressBar(ctx.io, 'replay');
  let shown = { revisions: 0, xmlBytes: 0 };
  const text = (revisions: number, xmlBytes: number) => ({
    done: a.limit ? revisions : 0,
    total: a.limit ?? 0,
    text: `${revisions} revisions  ${Math.round(xmlBytes / 1e6)} MB of XML`,
  });
  try {
    return await replayHistory(a.dump, {
      wiki: a.wiki,
      limit: a.limit,
      onProgress: (revisions, xmlBytes) => bar.update(text((shown = { revisions, xmlBytes }).revisions, xmlBytes)),
    });
  } finally {
    bar.finish(text(shown.revisions, shown.xmlBytes));
  }
}

/**
 * Writes a report comparing a learned model (named by its label) with the hand-set v1 scorer on the
 * held-back `rows`, and the plot of both their curves next to it; returns the SVG path.
 */
export function writeComparison(
  file: string,
  report: object,
  title: string,
  rows: readonly { readonly label: boolean }[],
  [learnedLabel, learned]: readonly [string, Evaluated],
  handSet: Evaluated,
): string {
  const curves = [plotted(learnedLabel, '#1f77b4', learned), plotted('hand-set v1', '#ff7f0e', handSet)];
  return writeReport(file, report, title, curves, positiveRate(rows));
}

function plotted(label: string, color: string, e: Evaluated): PlottedCurve {
  return { label, color, points: e.curve, rocAuc: e.report.roc_auc, prAuc: e.report.pr_auc };
}

/** Share of rows labelled reverted (0 for none): the precision of a scorer that flags everything. */
function positiveRate(rows: readonly { readonly label: boolean }[]): number {
  return rows.length ? rows.filter((r) => r.label).length / rows.length : 0;
}

/** What `okapi eval` and `okapi train` both start from: the dump replayed, labelled and split by time. */
export interface LabelledReplay {
  readonly a: VandalismArgs;
  readonly replay: Replay;
  readonly summary: LabelSummary;
  readonly train: LabelledRow[];
  readonly test: LabelledRow[];
}

export async function labelledReplay(args: CliArgs, ctx: CliContext): Promise<LabelledReplay> {
  const a = vandalismArgs(args);
  const replay = await replayWithProgress(a, ctx);
  const { rows, summary } = labelReplay(replay, a.labels);
  return { a, replay, summary, ...splitByTime(rows, a.trainFraction) };
}

/** Writes the JSON report and, next to it, its curves (`x.json` -> `x.svg`); returns the SVG path. */
function writeReport(file: string, report: object, title: string, curves: PlottedCurve[], baseRate: number): string {
  mkdirSync(dirname(file), { recursive: true });
  const svg = file.replace(/\.json$/, '') + '.svg';
  writeFileSync(svg, curvesSvg(title, curves, baseRate));
  writeFileSync(file, `${JSON.stringify({ ...report, plot: svg }, null, 2)}\n`);
  return svg;
}

export function defaultOut(ctx: CliContext, name: string): string {
  return join(ctx.config.dataDir, 'eval', name);
}
