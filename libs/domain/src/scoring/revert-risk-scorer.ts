/**
 * # Revert-risk score v2 (the default scorer)
 *
 * Gradient-boosted trees over the language-agnostic features of revert-risk-features.ts, learned
 * from real reverts (`okapi train vandalism`, report in model/revert-risk.training.json) and shipped as
 * data (model/revert-risk.model.json). `probability` is the model's estimate that the revision will be
 * undone by an identity revert within 48 hours; `prediction` (flag `suspect`) is
 * probability >= threshold (OKAPI_SUSPECT_THRESHOLD, default: the model's, chosen on held-out
 * data); `reasons` are the features that raised the log-odds most for this revision (at most 3).
 * Pure and in-process: a tree walk per tree, plus the text features' linear scan.
 */
import { RecordRevision } from '../commands/page.commands';
import { VandalismScore } from '../events/page.events';
import { PageState } from '../page/page.state';
import { RevertMatch } from '../revert/identity-revert';
import { assertModelFits, compileGbtExplain, gbtExplain, GbtModel, sigmoid } from './gbt-model';
import { FEATURES, revertRiskFeatures } from './revert-risk-features';
import shipped from './model/revert-risk.model.json';

export interface ScoreOptions {
  /** Probability at or above which the revision is flagged `suspect` (default: the model's threshold). */
  readonly suspectThreshold?: number;
}

export const REVERT_RISK_MODEL: GbtModel = assertModelFits(shipped, FEATURES);
const explainShipped = compileGbtExplain(REVERT_RISK_MODEL);

/** Reasons: features whose contribution to the log-odds is at least this (about +10 % odds). */
const MIN_REASON = 0.1;
const MAX_REASONS = 3;

/** Scores a revision from the page before it: pure, like `decide` itself. Both scorers are one. */
export type RevisionScorer = (
  state: PageState,
  revision: RecordRevision,
  revert: RevertMatch | undefined,
  options?: ScoreOptions,
) => VandalismScore;

export const scoreRevision: RevisionScorer = (state, revision, revert, options = {}) =>
  scoreExplained(REVERT_RISK_MODEL, explainShipped(revertRiskFeatures(state, revision, revert)), options);

/** The score of a feature vector under `model` (training evaluates candidate models with it). */
export function scoreFeatures(model: GbtModel, x: ArrayLike<number>, options: ScoreOptions = {}): VandalismScore {
  return scoreExplained(model, gbtExplain(model, x), options);
}

function scoreExplained(
  model: GbtModel,
  { margin, contributions }: ReturnType<typeof gbtExplain>,
  options: ScoreOptions,
): VandalismScore {
  const probability = Math.round(sigmoid(margin) * 1e6) / 1e6;
  const threshold = options.suspectThreshold ?? model.threshold;
  return {
    model: model.name,
    probability,
    prediction: probability >= threshold,
    reasons: reasonsOf(model, contributions),
  };
}

/**
 * The features that raised the log-odds most, largest first (ties in feature order: the sort is
 * stable). A plain loop over indices: a closure call and an object per feature, for every
 * revision scored, showed in the import's allocation profile.
 */
function reasonsOf(model: GbtModel, contributions: Float64Array): string[] {
  const raised: number[] = [];
  for (let i = 0; i < contributions.length; i++) if (contributions[i] >= MIN_REASON) raised.push(i);
  if (raised.length > 1) raised.sort((a, b) => contributions[b] - contributions[a]);
  if (raised.length > MAX_REASONS) raised.length = MAX_REASONS;
  return raised.map((i) => model.features[i]);
}
