/**
 * Binary-classifier metrics for scores in [0, 1] against 0/1 labels: ROC and precision/recall
 * curves with their areas, figures at a threshold, and a calibration table. Ties in scores are
 * handled as one step (no credit for an arbitrary order among equal scores).
 */
export interface Scored {
  readonly score: number;
  readonly label: boolean;
}

export interface CurvePoint {
  readonly threshold: number;
  readonly tpr: number;
  readonly fpr: number;
  readonly precision: number;
  readonly recall: number;
}

/** One point per distinct score, from the highest threshold down. */
export function curve(items: readonly Scored[]): CurvePoint[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const pos = sorted.filter((s) => s.label).length;
  const neg = sorted.length - pos;
  const points: CurvePoint[] = [{ threshold: Infinity, tpr: 0, fpr: 0, precision: 1, recall: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].label) tp++;
    else fp++;
    if (i + 1 < sorted.length && sorted[i + 1].score === sorted[i].score) continue;
    points.push({
      threshold: sorted[i].score,
      tpr: pos ? tp / pos : 0,
      fpr: neg ? fp / neg : 0,
      precision: tp / (tp + fp),
      recall: pos ? tp / pos : 0,
    });
  }
  return points;
}

/** Area under the ROC curve (trapezoids: equals the Mann-Whitney U statistic with ties as 1/2). */
export function rocAuc(points: readonly CurvePoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++)
    area += ((points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr)) / 2;
  return area;
}

/** Area under the precision/recall curve as average precision: Σ (R_i - R_{i-1}) · P_i. */
export function prAuc(points: readonly CurvePoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) area += (points[i].recall - points[i - 1].recall) * points[i].precision;
  return area;
}

export interface AtThreshold {
  readonly threshold: number;
  readonly flagged: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly false_positive_rate: number;
}

export function atThreshold(items: readonly Scored[], threshold: number): AtThreshold {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of items) {
    if (s.score >= threshold) {
      if (s.label) tp++;
      else fp++;
    } else if (s.label) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const negatives = items.length - tp - fn;
  return {
    threshold,
    flagged: tp + fp,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    false_positive_rate: negatives ? fp / negatives : 0,
  };
}

/** The threshold (one of the scores) with the best F1. */
export function bestF1Threshold(points: readonly CurvePoint[]): number {
  let best = { f1: -1, threshold: 0.5 };
  for (const p of points) {
    const f1 = p.precision + p.recall ? (2 * p.precision * p.recall) / (p.precision + p.recall) : 0;
    if (Number.isFinite(p.threshold) && f1 > best.f1) best = { f1, threshold: p.threshold };
  }
  return best.threshold;
}

export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  readonly revisions: number;
  readonly mean_predicted: number | null;
  readonly observed_rate: number | null;
}

/** Predicted probability vs the observed share of reverted revisions, in `bins` equal-width bins. */
export function calibration(items: readonly Scored[], bins = 10): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  for (const s of items) {
    const b = acc[Math.min(bins - 1, Math.floor(s.score * bins))];
    b.n++;
    b.p += s.score;
    b.y += s.label ? 1 : 0;
  }
  return acc.map((b, i) => ({
    from: i / bins,
    to: (i + 1) / bins,
    revisions: b.n,
    mean_predicted: b.n ? round(b.p / b.n) : null,
    observed_rate: b.n ? round(b.y / b.n) : null,
  }));
}

export function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
