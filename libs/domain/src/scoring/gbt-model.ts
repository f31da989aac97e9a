/**
 * Gradient-boosted regression trees on the log-odds scale (logistic loss): the revert-risk
 * model's shape, shipped as JSON data (revert-risk.model.json) and evaluated here with no
 * dependencies. A tree is stored as parallel arrays, node 0 the root: an inner node sends `x` to
 * `left` when `x[feature] <= threshold`, else to `right`; a leaf has feature -1. `value` is the
 * tree's output at every node (for a leaf: its prediction; for an inner node: what it would
 * predict there), which gives each feature's contribution along the path (Saabas): the reasons.
 */
export interface GbtTree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

export interface GbtModel {
  readonly name: string;
  /** Feature names, in the order of the vector the trees index. */
  readonly features: readonly string[];
  /** Log-odds before any tree (the training set's base rate). */
  readonly baseScore: number;
  readonly trees: readonly GbtTree[];
  /** Default flag threshold on the probability, chosen on held-out data (see the training report). */
  readonly threshold: number;
}

/** Log-odds of `x` (the trees' sum). */
export function gbtMargin(model: GbtModel, x: ArrayLike<number>): number {
  let z = model.baseScore;
  for (const t of model.trees) {
    let n = 0;
    while (t.feature[n] >= 0) n = x[t.feature[n]] <= t.threshold[n] ? t.left[n] : t.right[n];
    z += t.value[n];
  }
  return z;
}

/** Each feature's share of the log-odds above the root values (they add up to margin - bias). */
export function gbtContributions(model: GbtModel, x: ArrayLike<number>): Float64Array {
  return gbtExplain(model, x).contributions;
}

/**
 * gbtMargin and gbtContributions in one walk of the trees (what scoring a revision needs): the
 * same sums in the same order, so the same numbers to the last bit.
 */
export function gbtExplain(model: GbtModel, x: ArrayLike<number>): { margin: number; contributions: Float64Array } {
  const contributions = new Float64Array(model.features.length);
  let margin = model.baseScore;
  for (const t of model.trees) {
    let n = 0;
    while (t.feature[n] >= 0) {
      const f = t.feature[n];
      const next = x[f] <= t.threshold[n] ? t.left[n] : t.right[n];
      contributions[f] += t.value[next] - t.value[n];
      n = next;
    }
    margin += t.value[n];
  }
  return { margin, contributions };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Checks a model loaded from data against the features this code computes: a mismatch is a bug. */
export function assertModelFits(model: GbtModel, features: readonly string[]): GbtModel {
  const same = model.features.length === features.length && model.features.every((f, i) => f === features[i]);
  if (!same) throw new Error(`model ${model.name} was trained on other features than this code computes`);
  for (const t of model.trees) {
    const n = t.feature.length;
    const shaped = [t.threshold, t.left, t.right, t.value].every((a) => a.length === n);
    if (!shaped || t.feature.some((f, i) => f >= features.length || (f >= 0 && (t.left[i] >= n || t.right[i] >= n))))
      throw new Error(`model ${model.name} has a malformed tree`);
  }
  return model;
}
