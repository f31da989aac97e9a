import { basename } from 'node:path';
import { HAND_SET_THRESHOLD, REVERT_RISK_MODEL } from '@okapi/domain';
import { flagString } from '../cli-args';
import { CliCommand } from '../command';
import { defaultOut, labelledReplay, VANDALISM_FLAGS, writeComparison } from '../eval/vandalism-cli';
import { evaluate, scoredBy, summarizeSplit } from '../eval/vandalism-eval';

/**
 * `okapi eval vandalism --dump FILE`: replays a page history through the page decider (in
 * memory), labels each revision reverted / not reverted from the reverts that followed it, and
 * measures the default (learned) scorer and the hand-set v1 scorer on the later part of the
 * history. JSON on stdout and in --out (default {data dir}/eval/vandalism-eval.json), the ROC and
 * precision/recall curves as an SVG next to it.
 */
export const command: CliCommand = {
  name: 'eval',
  summary: 'measure the vandalism scorers on revert labels from a history dump (JSON + SVG curves)',
  usage:
    'eval vandalism --dump FILE [--limit N] [--window-hours 48] [--max-revisions 15] [--self-reverts count|ignore] [--train-fraction 0.7] [--out FILE.json]',
  flags: VANDALISM_FLAGS,
  async run(args, ctx) {
    const { a, replay, summary, train, test } = await labelledReplay(args, ctx);
    const out = flagString(args, 'out') ?? defaultOut(ctx, 'vandalism-eval.json');
    const threshold = ctx.config.suspectThreshold ?? REVERT_RISK_MODEL.threshold;
    const learned = evaluate(REVERT_RISK_MODEL.name, scoredBy((r) => r.learned)(test), threshold);
    const handSet = evaluate('okapi-vandalism-v1', scoredBy((r) => r.handSet)(test), HAND_SET_THRESHOLD);
    const report = {
      dump: a.dump,
      wiki: replay.wiki,
      revisions_replayed: replay.revisions.length,
      replay_seconds: Math.round(replay.seconds * 10) / 10,
      labels: summary,
      split: { train_fraction: a.trainFraction, train: summarizeSplit(train), test: summarizeSplit(test) },
      learned: learned.report,
      hand_set: handSet.report,
    };
    const title = `Revert risk on ${basename(a.dump)}: held-back later ${test.length} revisions`;
    const svg = writeComparison(out, report, title, test, [`learned (${REVERT_RISK_MODEL.name})`, learned], handSet);
    ctx.io.stdout.write(`${JSON.stringify({ ...report, report: out, plot: svg })}\n`);
    return 0;
  },
};
