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

export type GbtExplain = (x: ArrayLike<number>) => { margin: number; contributions: Float64Array };

/**
 * gbtExplain for one model, its trees flattened into typed arrays once: the same comparisons and
 * the same sums in the same order, so the same numbers to the last bit, in ~0.7x the time (the
 * tree walk was the costliest step of scoring a revision, profiled by `okapi bench import`). An
 * inner node's two ways out are adjacent (`2 * node + way`), with the change in value each adds
 * to its feature's contribution subtracted once here rather than at every walk. For a model that
 * no longer changes (the shipped one).
 */
export function compileGbtExplain(model: GbtModel): GbtExplain {
  const total = model.trees.reduce((n, t) => n + t.feature.length, 0);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const leaf = new Float64Array(total);
  const next = new Int32Array(2 * total);
  const delta = new Float64Array(2 * total);
  const roots = new Int32Array(model.trees.length);
  let at = 0;
  model.trees.forEach((t, i) => {
    roots[i] = at;
    for (let n = 0; n < t.feature.length; n++) {
      const k = at + n;
      feature[k] = t.feature[n];
      leaf[k] = t.value[n];
      if (t.feature[n] < 0) continue;
      threshold[k] = t.threshold[n];
      next[2 * k] = at + t.left[n];
      next[2 * k + 1] = at + t.right[n];
      delta[2 * k] = t.value[t.left[n]] - t.value[n];
      delta[2 * k + 1] = t.value[t.right[n]] - t.value[n];
    }
    at += t.feature.length;
  });
  const features = model.features.length;
  const baseScore = model.baseScore;
  return (x) => {
    const contributions = new Float64Array(features);
    let margin = baseScore;
    for (let i = 0; i < roots.length; i++) {
      let n = roots[i];
      for (let f = feature[n]; f >= 0; f = feature[n]) {
        // `<=` as gbtExplain has it: a NaN goes right there too.
        const way = 2 * n + (x[f] <= threshold[n] ? 0 : 1);
        contributions[f] += delta[way];
        n = next[way];
      }
      margin += leaf[n];
    }
    return { margin, contributions };
  };
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
