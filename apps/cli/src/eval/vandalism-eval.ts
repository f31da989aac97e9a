import { DEFAULT_LABEL_WINDOW_MS, LabelOptions, revertLabels, must } from '@okapi/domain';
import { Replay, ReplayedRevision } from './history-replay';
import {
  atThreshold,
  AtThreshold,
  calibration,
  CalibrationBin,
  curve,
  CurvePoint,
  prAuc,
  rocAuc,
  round,
  Scored,
} from './metrics';

export interface LabelledRow extends ReplayedRevision {
  readonly label: boolean;
}

export interface LabelSummary {
  readonly window_hours: number;
  readonly max_revisions: number;
  readonly self_reverts: 'count' | 'ignore';
  readonly identity_reverts: number;
  readonly revisions: number;
  readonly reverted: number;
  /** Revisions too close to the end of the dump for their window to be seen whole: left out. */
  readonly censored: number;
}

/**
 * Labels every replayed revision, and leaves out those whose label window runs past the last
 * revision of their page (a revert after the dump's end could not be seen: unknown, not "kept").
 */
export function labelReplay(replay: Replay, options: LabelOptions): { rows: LabelledRow[]; summary: LabelSummary } {
  const labels = revertLabels(replay.revisions, replay.reverts, options);
  const windowMs = options.windowMs ?? DEFAULT_LABEL_WINDOW_MS;
  const lastAt = new Map<string, number>();
  for (const r of replay.revisions) lastAt.set(r.pageKey, Math.max(lastAt.get(r.pageKey) ?? 0, r.at));
  const rows = replay.revisions
    .filter((r) => r.at + windowMs <= must(lastAt.get(r.pageKey), 'the last revision time of a replayed page'))
    .map((r) => ({ ...r, label: must(labels.get(r.revisionId), 'the label of a replayed revision').reverted }));
  return {
    rows,
    summary: {
      window_hours: windowMs / 3_600_000,
      max_revisions: options.maxRevisions ?? 15,
      self_reverts: options.selfReverts ?? 'count',
      identity_reverts: replay.reverts.length,
      revisions: rows.length,
      reverted: rows.filter((r) => r.label).length,
      censored: replay.revisions.length - rows.length,
    },
  };
}

/** Earlier `fraction` of the revisions (by time, then id) to train on, the later rest to test. */
export function splitByTime<T extends { at: number; revisionId: number }>(rows: readonly T[], fraction: number) {
  const sorted = [...rows].sort((a, b) => a.at - b.at || a.revisionId - b.revisionId);
  const cut = Math.floor(sorted.length * fraction);
  return { train: sorted.slice(0, cut), test: sorted.slice(cut) };
}

export interface SplitSummary {
  readonly revisions: number;
  readonly reverted: number;
  readonly from: string;
  readonly to: string;
}

export function summarizeSplit(rows: readonly LabelledRow[]): SplitSummary {
  return {
    revisions: rows.length,
    reverted: rows.filter((r) => r.label).length,
    from: rows.length ? new Date(rows[0].at).toISOString() : '',
    to: rows.length ? new Date(rows[rows.length - 1].at).toISOString() : '',
  };
}

export interface ScorerReport {
  readonly model: string;
  readonly roc_auc: number;
  readonly pr_auc: number;
  readonly at_threshold: AtThreshold;
  readonly calibration: CalibrationBin[];
}

export interface Evaluated {
  readonly report: ScorerReport;
  readonly curve: CurvePoint[];
}

export function evaluate(model: string, items: readonly Scored[], threshold: number): Evaluated {
  const points = curve(items);
  const at = atThreshold(items, threshold);
  return {
    curve: points,
    report: {
      model,
      roc_auc: round(rocAuc(points)),
      pr_auc: round(prAuc(points)),
      at_threshold: {
        ...at,
        precision: round(at.precision),
        recall: round(at.recall),
        f1: round(at.f1),
        false_positive_rate: round(at.false_positive_rate),
      },
      calibration: calibration(items),
    },
  };
}

export const scoredBy =
  (pick: (r: LabelledRow) => number) =>
  (rows: readonly LabelledRow[]): Scored[] =>
    rows.map((r) => ({ score: pick(r), label: r.label }));
