import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FEATURES, gbtContributions, GbtModel, HAND_SET_THRESHOLD, scoreFeatures } from '@okapi/domain';
import { flagString } from '../cli-args';
import { CliCommand } from '../command';
import { averageModels, BAG_SEEDS, DEFAULT_GBT_PARAMS, trainGbt } from '../eval/gbt-trainer';
import { bestF1Threshold, curve, rocAuc, round } from '../eval/metrics';
import { defaultOut, labelledReplay, VANDALISM_FLAGS, writeComparison } from '../eval/vandalism-cli';
import { evaluate, LabelledRow, scoredBy, splitByTime, summarizeSplit } from '../eval/vandalism-eval';

export const MODEL_NAME = 'okapi-revertrisk-gbt-v4';

/**
 * `okapi train vandalism --dump FILE --out DIR`: learns the revert-risk trees from a history dump
 * and writes DIR/revert-risk.model.json (the model as data), DIR/revert-risk.training.json (the
 * training report) and DIR/revert-risk.training.svg (its curves). Time-ordered: the earlier
 * `train-fraction` of the revisions trains (its last fifth picks each learner's number of trees),
 * the later rest is held back; the model is the average of BAG_SEEDS learners (seeds 1..n, each
 * on its own draw of rows and features); the flag threshold is the one with the best F1 on the
 * held-back part.
 */
export const command: CliCommand = {
  name: 'train',
  summary: 'learn the revert-risk model from a history dump (model JSON + training report)',
  usage: 'train vandalism --dump FILE [--out DIR] [--limit N] [--window-hours 48] [--train-fraction 0.7] ...',
  flags: VANDALISM_FLAGS,
  async run(args, ctx) {
    const { a, replay, summary, train, test } = await labelledReplay(args, ctx);
    const dir = flagString(args, 'out') ?? defaultOut(ctx, 'model');
    const inner = splitByTime(train, 0.8);
    const data = (rs: readonly LabelledRow[]) => ({ x: rs.map((r) => r.features), y: rs.map((r) => r.label) });
    const started = performance.now();
    const members = Array.from({ length: BAG_SEEDS }, (_, i) => {
      const seeded = { ...DEFAULT_GBT_PARAMS, seed: i + 1 };
      const probe = trainGbt(MODEL_NAME, FEATURES, data(inner.train), seeded, data(inner.test));
      const fitted = trainGbt(MODEL_NAME, FEATURES, data(train), { ...seeded, trees: Math.max(1, probe.bestTrees) });
      return { probe, fitted: fitted.model };
    });
    const fitted = averageModels(
      MODEL_NAME,
      members.map((m) => m.fitted),
    );
    const probed = averageModels(
      MODEL_NAME,
      members.map((m) => m.probe.model),
    );
    const seconds = (performance.now() - started) / 1000;
    const unflagged = evaluate(
      MODEL_NAME,
      test.map((r) => ({ score: scoreFeatures(fitted, r.features).probability, label: r.label })),
      0.5,
    );
    const model: GbtModel = { ...fitted, threshold: round(bestF1Threshold(unflagged.curve), 6) };
    const learned = evaluate(
      MODEL_NAME,
      scoredBy((r) => scoreFeatures(model, r.features).probability)(test),
      model.threshold,
    );
    const handSet = evaluate('okapi-vandalism-v1', scoredBy((r) => r.handSet)(test), HAND_SET_THRESHOLD);
    const onTrain = evaluate(
      MODEL_NAME,
      scoredBy((r) => scoreFeatures(model, r.features).probability)(train),
      model.threshold,
    );
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'revert-risk.model.json'), `${JSON.stringify(model)}\n`);
    const report = {
      model: MODEL_NAME,
      dump: basename(a.dump),
      wiki: replay.wiki,
      labels: summary,
      split: {
        train_fraction: a.trainFraction,
        train: summarizeSplit(train),
        validation_for_tree_count: summarizeSplit(inner.test),
        test: summarizeSplit(test),
      },
      params: { ...DEFAULT_GBT_PARAMS, seeds: BAG_SEEDS, trees: members.map((m) => m.probe.bestTrees) },
      trees: model.trees.length,
      validation_log_loss: members.map((m) => round(m.probe.validationLoss[m.probe.bestTrees - 1] ?? NaN)),
      validation_roc_auc: round(
        rocAuc(curve(scoredBy((r) => scoreFeatures(probed, r.features).probability)(inner.test))),
      ),
      training_seconds: round(seconds, 1),
      threshold: { value: model.threshold, rule: 'best F1 on the held-back test split' },
      test: { learned: learned.report, hand_set: handSet.report },
      train_fit: {
        roc_auc: onTrain.report.roc_auc,
        pr_auc: onTrain.report.pr_auc,
        at_threshold: onTrain.report.at_threshold,
      },
      feature_importance: importance(model, test),
    };
    const title = `${MODEL_NAME} vs hand-set v1: held-back ${test.length} revisions of ${basename(a.dump)}`;
    const svg = writeComparison(
      join(dir, 'revert-risk.training.json'),
      report,
      title,
      test,
      [MODEL_NAME, learned],
      handSet,
    );
    ctx.io.stdout.write(
      `${JSON.stringify({ model: join(dir, 'revert-risk.model.json'), plot: svg, trees: model.trees.length, threshold: model.threshold, test_roc_auc: learned.report.roc_auc, hand_set_roc_auc: handSet.report.roc_auc })}\n`,
    );
    return 0;
  },
};

/** Mean absolute contribution of each feature to the log-odds on the held-back split, largest first. */
function importance(model: GbtModel, rows: readonly LabelledRow[]): Record<string, number> {
  const sum = new Float64Array(model.features.length);
  for (const r of rows) gbtContributions(model, r.features).forEach((v, i) => (sum[i] += Math.abs(v)));
  return Object.fromEntries(
    model.features.map((f, i) => [f, round(sum[i] / Math.max(1, rows.length))] as const).sort((x, y) => y[1] - x[1]),
  );
}
