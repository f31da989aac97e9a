import { createHash } from 'node:crypto';
import { decide, evolve, initialPageState, PageState, RecordRevision, scoreRevision, must } from '@okapi/domain';
import { deriveFromWikitext } from '@okapi/adapters/wikitext';
import { Bench, Figures, percentile, round, sizeFlag } from './bench';
import { syntheticArticles } from './synthetic-articles';
import { promised } from '@okapi/adapters/errors';

// Synthetic Wikipedia-shaped article (generator corpus, Okapi's own WME mapping), ~35 KB of
// wikitext like a long real article, tripled to ~100 KB for the decider.
const TARGET_P99_MS = 5; // perf-anchors.md: vandalism scoring p99 <= 5 ms/revision

const EDITS = [
  (t: string, i: number) => `${t.slice(0, i)} The genus was described in ${1800 + (i % 200)}. ${t.slice(i)}`,
  (t: string, i: number) => `${t.slice(0, i)}SQUIRRELS ARE THE BEST!!!!!!!!! ${t.slice(i)}`,
  (t: string, i: number) => t.slice(0, i) + t.slice(i + 400),
];

function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function revision(n: number, text: string): RecordRevision {
  const ts = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
  const sha1 = createHash('sha1').update(text).digest('hex');
  return {
    type: 'RecordRevision',
    wiki: 'enwiki',
    pageId: 28492,
    namespace: 0,
    title: 'Synthetic article',
    revisionId: n,
    parentId: n - 1 || undefined,
    timestamp: ts,
    editor:
      n % 3 === 1
        ? { isAnonymous: true, isBot: false, name: '192.0.2.1' }
        : { id: n, name: `U${n}`, isAnonymous: false, isBot: false, editCount: n * 7 },
    comment: n % 4 ? `edit ${n}` : undefined,
    minor: false,
    sha1,
    size: Buffer.byteLength(text),
    text,
    source: 'generator',
    receivedAt: ts,
  };
}

/** Decides and applies `count` revisions of a ~100 KB page; returns per-revision ms for decide and scoring alone. */
function runDecider(base: string, count: number): { decide: number[]; score: number[]; sha1: number[] } {
  let state: PageState = initialPageState();
  let text = base;
  const out = { decide: [] as number[], score: [] as number[], sha1: [] as number[] };
  for (let n = 1; n <= count; n++) {
    // Every 10th revision restores the text of 2 revisions ago: an identity revert.
    text =
      n % 10 === 0 && state.recent.length > 2 ? text : EDITS[n % EDITS.length](text, (n * 7919) % (text.length - 500));
    // Sources hand over flat strings (JSON/XML parsers); concatenation here builds ropes, which
    // V8 flattens on first read: flatten outside the timed region so that cost is not billed to decide.
    text = Buffer.from(text, 'utf8').toString('utf8');
    const command = revision(n, text);
    out.sha1.push(timeMs(() => createHash('sha1').update(text).digest('hex')));
    out.score.push(timeMs(() => scoreRevision(state, command, undefined, { suspectThreshold: 0.5 })));
    let events: ReturnType<typeof decide> = [];
    out.decide.push(timeMs(() => (events = decide(command, state, { suspectThreshold: 0.5 }))));
    state = events.reduce(evolve, state);
  }
  return out;
}

export const bench: Bench = {
  name: 'domain',
  summary:
    'page decider (scoring + revert detection) on ~100 KB Wikipedia-shaped revisions; wikitext derivation per article',
  run(args, _ctx, log): Promise<Figures> {
    return promised(() => {
      const count = sizeFlag(args, 'revisions', 300, 2000);
      const en = syntheticArticles(3)[2];
      const base: string = must(en.article_body?.wikitext, 'the sample article wikitext').repeat(3);
      runDecider(base, 50); // warm-up
      const r = runDecider(base, count);
      const [d, s, h] = [r.decide, r.score, r.sha1].map((xs) => [...xs].sort((a, b) => a - b));
      log(
        `${count} revisions of ${base.length} chars: decide p50 ${round(percentile(d, 50))} ms, p99 ${round(percentile(d, 99))} ms; score p99 ${round(percentile(s, 99))} ms`,
      );
      log(
        `baseline sha1 of the same text: p50 ${round(percentile(h, 50))} ms, p99 ${round(percentile(h, 99))} ms (p99 spikes in both = GC / a busy machine)`,
      );

      const wikitext: string = must(en.article_body?.wikitext, 'the sample article wikitext');
      const ctx = { wiki: 'enwiki', title: en.name, namespace: 0 };
      deriveFromWikitext(wikitext, ctx);
      const runs = args.flags.quick ? 5 : 20;
      const deriveMs =
        timeMs(() => {
          for (let i = 0; i < runs; i++) deriveFromWikitext(wikitext, ctx);
        }) / runs;
      const parseMs =
        timeMs(() => {
          for (let i = 0; i < runs; i++) JSON.parse(JSON.stringify(en));
        }) / runs;
      log(
        `deriveFromWikitext on ${wikitext.length} chars: ${round(deriveMs)} ms/article (baseline JSON round trip of the WME record: ${round(parseMs)} ms)`,
      );

      return {
        revisions: count,
        text_chars: base.length,
        decide_p50_ms: round(percentile(d, 50)),
        decide_p99_ms: round(percentile(d, 99)),
        score_p99_ms: round(percentile(s, 99)),
        target_decide_p99_ms: TARGET_P99_MS,
        meets_target: percentile(d, 99) <= TARGET_P99_MS,
        baseline_sha1_p50_ms: round(percentile(h, 50)),
        baseline_sha1_p99_ms: round(percentile(h, 99)),
        ratio_decide_p50_to_sha1: round(percentile(d, 50) / percentile(h, 50)),
        derive_ms_per_article: round(deriveMs),
        derive_articles_per_s: round(1000 / deriveMs),
        baseline_json_roundtrip_ms: round(parseMs),
        ratio_derive_to_json: round(deriveMs / parseMs),
      };
    });
  },
};
