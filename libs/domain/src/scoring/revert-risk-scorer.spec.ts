// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { RecordRevision } from '../commands/page.commands';
import { decide } from '../page/page.decider';
import { PageState } from '../page/page.state';
import { aRecordRevision, anEditor, anIpEditor, at, run } from '../testing';
import { compileGbtExplain, gbtContributions, gbtExplain, gbtMargin } from './gbt-model';
import { FEATURES, revertRiskFeatures } from './revert-risk-features';
import { REVERT_RISK_MODEL, scoreRevision } from './revert-risk-scorer';
import { handSetScore } from './vandalism-scorer';

// Real article text (enwiki "Squirrel", WME SDK fixture; CC BY-SA) as the page being edited.
const squirrel = (
  JSON.parse(readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8').split('\n')[1]) as {
    article_body: { wikitext: string };
  }
).article_body.wikitext;
const bytes = (s: string) => Buffer.byteLength(s);
const feature = (x: ArrayLike<number>, name: (typeof FEATURES)[number]) => x[FEATURES.indexOf(name)];

function revision(revisionId: number, text: string, overrides: Partial<RecordRevision> = {}): RecordRevision {
  return aRecordRevision({
    revisionId,
    text,
    size: bytes(text),
    sha1: `sha-${text.length}-${revisionId}`,
    ...overrides,
  });
}

const ip = anIpEditor({ name: '198.51.100.23' });
const vandalised = squirrel.replace('== Etymology ==', 'squirrels are dumb lol lol\n== Etymology ==');
const referenced = squirrel.replace(
  '== Etymology ==',
  'They cache food.<ref>{{cite book |title=Squirrels |year=2011}}</ref>\n\n== Etymology ==',
);

describe('revert-risk scorer (learned, the default)', () => {
  const page: PageState = run([revision(1, squirrel)]).state;

  it('ships a trained model over exactly the features this code computes', () => {
    expect(REVERT_RISK_MODEL.features).toEqual(FEATURES);
    expect(REVERT_RISK_MODEL.trees.length).toBeGreaterThan(10);
    expect(REVERT_RISK_MODEL.threshold).toBeGreaterThan(0);
    expect(REVERT_RISK_MODEL.threshold).toBeLessThan(1);
  });

  it("is decide's scorer: RevisionCreated carries its score; the hand-set one on request", () => {
    const [created] = decide(revision(2, vandalised, { editor: ip }), page);
    expect(created.type === 'RevisionCreated' && created.data.score.model).toBe(REVERT_RISK_MODEL.name);
    const [hand] = decide(revision(2, vandalised, { editor: ip }), page, { scorer: handSetScore });
    expect(hand.type === 'RevisionCreated' && hand.data.score.model).toBe('okapi-vandalism-v1');
  });

  it("scores an IP's junk line above a registered editor's referenced sentence", () => {
    const junk = scoreRevision(page, revision(2, vandalised, { editor: ip, comment: '' }), undefined);
    const good = scoreRevision(page, revision(2, referenced, { editor: anEditor(), comment: 'cite' }), undefined);
    expect(junk.probability).toBeGreaterThan(good.probability);
    expect(junk.reasons.length).toBeGreaterThan(0); // e.g. a new network, words the article never used
    for (const r of [...junk.reasons, ...good.reasons]) expect(FEATURES).toContain(r);
    expect(junk.reasons.length).toBeLessThanOrEqual(3);
  });

  it('remembers an editor reverted before on this page (from the page state, not the future)', () => {
    // The same three edits, once without and once with an identity revert (1 and 3 share a sha1).
    const notReverted = run([revision(1, squirrel), revision(2, vandalised, { editor: ip }), revision(3, squirrel)]);
    const first = revision(1, squirrel, { sha1: 'sha-1' });
    const reverted = run([first, revision(2, vandalised, { editor: ip }), revision(3, squirrel, { sha1: 'sha-1' })]);
    expect(reverted.events.some((e) => e.type === 'RevisionsReverted')).toBe(true);
    const again = revision(4, vandalised, { editor: ip, timestamp: at(5) });
    const known = revertRiskFeatures(reverted.state, again, undefined);
    expect(feature(known, 'editor_page_reverted')).toBe(1);
    expect(feature(known, 'editor_page_edits')).toBe(1);
    const fresh = revertRiskFeatures(notReverted.state, again, undefined);
    expect(feature(fresh, 'editor_page_reverted')).toBe(0);
    expect(scoreRevision(reverted.state, again, undefined).probability).toBeGreaterThan(
      scoreRevision(notReverted.state, again, undefined).probability,
    );
  });

  it('flags at the model threshold unless the caller sets one', () => {
    const r = revision(2, vandalised, { editor: ip });
    const p = scoreRevision(page, r, undefined).probability;
    expect(scoreRevision(page, r, undefined).prediction).toBe(p >= REVERT_RISK_MODEL.threshold);
    expect(scoreRevision(page, r, undefined, { suspectThreshold: p }).prediction).toBe(true);
    expect(scoreRevision(page, r, undefined, { suspectThreshold: p + 1e-3 }).prediction).toBe(false);
  });

  it("reasons add up: the contributions are the margin's share above the trees' roots", () => {
    const x = revertRiskFeatures(page, revision(2, vandalised, { editor: ip }), undefined);
    const roots = REVERT_RISK_MODEL.trees.reduce((s, t) => s + t.value[0], REVERT_RISK_MODEL.baseScore);
    const sum = gbtContributions(REVERT_RISK_MODEL, x).reduce((s, v) => s + v, 0);
    expect(roots + sum).toBeCloseTo(gbtMargin(REVERT_RISK_MODEL, x), 9);
  });

  it('explains in one walk exactly what the margin and the contributions give apart', () => {
    const x = revertRiskFeatures(page, revision(2, vandalised, { editor: ip }), undefined);
    const { margin, contributions } = gbtExplain(REVERT_RISK_MODEL, x);
    expect(margin).toBe(gbtMargin(REVERT_RISK_MODEL, x));
    expect(contributions).toEqual(gbtContributions(REVERT_RISK_MODEL, x));
  });

  it('explains with the compiled trees exactly as with the model, to the last bit (NaN and ties included)', () => {
    const explain = compileGbtExplain(REVERT_RISK_MODEL);
    // Each feature at -1, 0, 1, NaN and at and around every threshold the trees split it on.
    const values: number[][] = FEATURES.map(() => [-1, 0, 1, NaN]);
    for (const t of REVERT_RISK_MODEL.trees)
      t.feature.forEach((f, n) => f >= 0 && values[f].push(t.threshold[n], t.threshold[n] * (1 + 1e-12) + 1e-12));
    let seed = 7;
    const pick = (a: number[]) => a[(seed = (seed * 48271) % 2147483647) % a.length];
    for (let i = 0; i < 2000; i++) {
      const x = Float64Array.from(values, pick);
      const a = gbtExplain(REVERT_RISK_MODEL, x);
      const b = explain(x);
      expect(Object.is(b.margin, a.margin)).toBe(true);
      // The arrays' own bytes: each may be a view on a buffer shared with others (float64-pool.ts).
      const bytes = (c: Float64Array) => Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      expect(bytes(b.contributions).equals(bytes(a.contributions))).toBe(true);
    }
  });

  it('leaves what is hidden or unknown missing (-1): size of a hidden text, a hidden editor', () => {
    const hidden = revision(2, '', {
      text: undefined,
      size: undefined,
      sha1: undefined,
      editor: { isAnonymous: false, isBot: false },
      visibility: { text: false, editor: false, comment: true },
    });
    const x = revertRiskFeatures(page, hidden, undefined);
    for (const f of [
      'size_delta',
      'size_ratio',
      'blanking',
      'anonymous',
      'editor_page_edits',
      'account_recency',
    ] as const)
      expect([f, feature(x, f)]).toEqual([f, -1]);
    expect(Number.isFinite(scoreRevision(page, hidden, undefined).probability)).toBe(true);
  });

  it('measures the edit, not the page: text features come from the changed span', () => {
    const x = revertRiskFeatures(page, revision(2, vandalised, { editor: ip }), undefined);
    expect(feature(x, 'added_chars')).toBe('squirrels are dumb lol lol\n'.length);
    expect(feature(x, 'removed_chars')).toBe(0);
    expect(feature(x, 'size_delta')).toBe(bytes(vandalised) - bytes(squirrel));
    expect(feature(x, 'added_unseen_words')).toBeGreaterThan(0); // "dumb" is not in the article
    const cite = revertRiskFeatures(page, revision(2, referenced), undefined);
    expect(feature(cite, 'refs_delta')).toBe(1);
    expect(feature(cite, 'templates_delta')).toBe(1);
  });

  it('measures the longest token, other scripts and files of the changed span', () => {
    const glued = squirrel.replace(
      '== Etymology ==',
      'see http://example.org/x_y Белка [[File:Sciurus.jpg|thumb]]\n== Etymology ==',
    );
    const x = revertRiskFeatures(page, revision(2, glued), undefined);
    expect(feature(x, 'added_longest_token')).toBe('[[File:Sciurus.jpg|thumb]]'.length);
    // 5 Cyrillic letters (Белка) among all the letters added.
    const letters = 'seehttpexampleorgxyБелкаFileSciurusjpgthumb'.length;
    expect(feature(x, 'added_non_ascii_letter_ratio')).toBeCloseTo(5 / letters, 9);
    expect(feature(x, 'files_delta')).toBe(1);
  });

  it('knows whom a revert undoes: their share of IPs, edits and reverts on the page', () => {
    const first = revision(1, squirrel, { sha1: 'sha-1' });
    const history = run([
      first,
      revision(2, vandalised, { editor: ip }),
      revision(3, referenced, { editor: ip }),
    ]).state;
    const undo = revision(4, squirrel, { sha1: 'sha-1', editor: anEditor() });
    const x = revertRiskFeatures(history, undo, { restoredRevisionId: 1, revertedRevisionIds: [2, 3] });
    expect(feature(x, 'is_revert')).toBe(1);
    expect(feature(x, 'reverted_editors_anonymous_share')).toBe(1);
    expect(feature(x, 'reverted_editor_page_edits')).toBe(2);
    expect(feature(x, 'reverted_editor_reverts_made')).toBe(0);
    const plain = revertRiskFeatures(history, revision(4, vandalised), undefined);
    expect(feature(plain, 'reverted_editor_page_edits')).toBe(-1);
  });
});
