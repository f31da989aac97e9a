import { newFloat64Array } from './float64-pool';

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
 * the same sums in the same order, so the same numbers to the last bit, in less time than over the
 * model's own arrays (the tree walk is the costliest step of scoring a revision, profiled by
 * `okapi bench import`). Each inner node is one record of three in each of two arrays, read
 * together: [feature, node left, node right] and [threshold, left step, right step], the step
 * being the change in value that way adds to the feature's contribution (subtracted once here,
 * not at every walk). A leaf is not a record: a way out to it is `~leaf` (negative), its value
 * in `leaves`. A node read as one record, rather than as a value from each of five arrays, took
 * a walk ~0.8x the time amid an import's other work (0.55x in a loop of walks alone). For a model
 * that no longer changes (the shipped one).
 */
export function compileGbtExplain(model: GbtModel): GbtExplain {
  const { nodes, steps, leaves, roots } = flatten(model.trees);
  const features = model.features.length;
  const baseScore = model.baseScore;
  return (x) => {
    const contributions = newFloat64Array(features);
    let margin = baseScore;
    for (let i = 0; i < roots.length; i++) {
      let n = roots[i];
      while (n >= 0) {
        const k = 3 * n;
        const f = nodes[k];
        // `<=` as gbtExplain has it: a NaN goes right there too.
        const way = x[f] <= steps[k] ? k + 1 : k + 2;
        contributions[f] += steps[way];
        n = nodes[way];
      }
      margin += leaves[~n];
    }
    return { margin, contributions };
  };
}

interface FlatTrees {
  readonly nodes: Int32Array;
  readonly steps: Float64Array;
  readonly leaves: Float64Array;
  /** Each tree's root: an inner node, or `~leaf` for a tree that is one leaf. */
  readonly roots: Int32Array;
}

function flatten(trees: readonly GbtTree[]): FlatTrees {
  let inner = 0;
  let leaf = 0;
  // Each tree node's place: its inner node record, or ~ its leaf.
  const places = trees.map((t) => Int32Array.from(t.feature, (f) => (f >= 0 ? inner++ : ~leaf++)));
  const nodes = new Int32Array(3 * inner);
  const steps = new Float64Array(3 * inner);
  const leaves = new Float64Array(leaf);
  const roots = Int32Array.from(places, (at) => at[0]);
  trees.forEach((t, i) => {
    const at = places[i];
    for (let n = 0; n < t.feature.length; n++) {
      const k = 3 * at[n];
      if (at[n] < 0) {
        leaves[~at[n]] = t.value[n];
        continue;
      }
      nodes[k] = t.feature[n];
      nodes[k + 1] = at[t.left[n]];
      nodes[k + 2] = at[t.right[n]];
      steps[k] = t.threshold[n];
      steps[k + 1] = t.value[t.left[n]] - t.value[n];
      steps[k + 2] = t.value[t.right[n]] - t.value[n];
    }
  });
  return { nodes, steps, leaves, roots };
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
