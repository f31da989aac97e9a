import { createHash } from 'node:crypto';
import {
  decide,
  detectIdentityRevert,
  evolve,
  handSetScore,
  initialPageState,
  PageState,
  RecordRevision,
  REVERT_RISK_MODEL,
  scoreRevision,
} from '@okapi/domain';
import { Bench, Figures, percentile, round, sizeFlag } from './bench';
import { syntheticWikitext } from './synthetic-articles';
import { promised } from '@okapi/adapters/errors';

// Wikipedia-shaped wikitext from the generator's corpus, ~100 KB (the Anarchism history's revisions are ~70 KB).
const TEXT_BYTES = 100_000;
const GOAL_MEAN_MS = 1; // issue #17: scoring stays under 1 ms per revision

const EDITS = [
  (t: string, i: number) =>
    `${t.slice(0, i)} The genus was described in ${1800 + (i % 200)}.<ref>Smith</ref> ${t.slice(i)}`,
  (t: string, i: number) => `${t.slice(0, i)}SQUIRRELS ARE THE BEST lol!!!!!!!!! ${t.slice(i)}`,
  (t: string, i: number) => t.slice(0, i) + t.slice(i + 400),
  (t: string, i: number) => `${t.slice(0, i)}[[Sciurus]] and [[Tamias]] ${t.slice(i)}`,
];

function revision(n: number, text: string): RecordRevision {
  const ts = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
  return {
    type: 'RecordRevision',
    wiki: 'enwiki',
    pageId: 28492,
    namespace: 0,
    title: 'Squirrel',
    revisionId: n,
    timestamp: ts,
    editor:
      n % 3 === 1
        ? { isAnonymous: true, isBot: false, name: `192.0.2.${n % 7}` }
        : { id: 1000 + (n % 11), name: `U${n % 11}`, isAnonymous: false, isBot: false },
    comment: n % 4 ? `/* History */ edit ${n}` : undefined,
    minor: n % 5 === 0,
    sha1: createHash('sha1').update(text).digest('hex'),
    size: Buffer.byteLength(text),
    text,
    source: 'generator',
    receivedAt: ts,
  };
}

function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Builds a page history (every 10th revision an identity revert) and times both scorers on each revision. */
function run(base: string, count: number) {
  let state: PageState = initialPageState();
  let text = base;
  const previous: string[] = [];
  const out = { learned: [] as number[], handSet: [] as number[], sha1: [] as number[] };
  for (let n = 1; n <= count; n++) {
    text =
      n % 10 === 0 && previous.length > 2
        ? previous[previous.length - 2]
        : EDITS[n % EDITS.length](text, (n * 7919) % (text.length - 500));
    text = Buffer.from(text, 'utf8').toString('utf8'); // flat, as parsers hand it over
    previous.push(text);
    const c = revision(n, text);
    const revert = detectIdentityRevert(state.recent, c.sha1);
    out.sha1.push(timeMs(() => createHash('sha1').update(text).digest('hex')));
    out.learned.push(timeMs(() => scoreRevision(state, c, revert)));
    out.handSet.push(timeMs(() => handSetScore(state, c, revert)));
    state = decide(c, state).reduce(evolve, state);
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

export const bench: Bench = {
  name: 'vandalism',
  summary: `revert-risk scoring per revision on ~100 KB Wikipedia-shaped text (goal: mean < ${GOAL_MEAN_MS} ms), vs the hand-set scorer and sha1 of the same text`,
  run(args, _ctx, log): Promise<Figures> {
    return promised(() => {
      const count = sizeFlag(args, 'revisions', 300, 2000);
      const base = syntheticWikitext('Squirrel', TEXT_BYTES);
      run(base, 100); // warm-up: JIT, model tables
      const r = run(base, count);
      const [l, h, s] = [r.learned, r.handSet, r.sha1].map(sorted);
      const learnedMean = mean(r.learned);
      const handMean = mean(r.handSet);
      const shaMean = mean(r.sha1);
      log(`${count} revisions of ${base.length} chars, ${REVERT_RISK_MODEL.trees.length} trees`);
      log(
        `learned: mean ${round(learnedMean)} ms, p50 ${round(percentile(l, 50))} ms, p99 ${round(percentile(l, 99))} ms (goal: mean < ${GOAL_MEAN_MS} ms)`,
      );
      log(`baselines: hand-set mean ${round(handMean)} ms, sha1 of the text mean ${round(shaMean)} ms`);
      return {
        revisions: count,
        text_chars: base.length,
        trees: REVERT_RISK_MODEL.trees.length,
        learned_mean_ms: round(learnedMean),
        learned_p50_ms: round(percentile(l, 50)),
        learned_p99_ms: round(percentile(l, 99)),
        baseline_hand_set_mean_ms: round(handMean),
        baseline_hand_set_p99_ms: round(percentile(h, 99)),
        baseline_sha1_mean_ms: round(shaMean),
        baseline_sha1_p99_ms: round(percentile(s, 99)),
        ratio_learned_to_hand_set: round(learnedMean / handMean),
        ratio_learned_to_sha1: round(learnedMean / shaMean),
        goal_mean_ms: GOAL_MEAN_MS,
        goal_met: learnedMean < GOAL_MEAN_MS,
      };
    });
  },
};
