// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { RecordRevision } from '../commands/page.commands';
import { PageState } from '../page/page.state';
import { aBot, aRecordRevision, anEditor, anIpEditor, at, run } from '../testing';
import { handSetScore, VANDALISM_MODEL } from './vandalism-scorer';
import { charStats, textChange } from './text-features';

// Real article text (enwiki "Squirrel", WME SDK fixture; CC BY-SA) as the page being edited.
const squirrel = (
  JSON.parse(readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8').split('\n')[1]) as {
    article_body: { wikitext: string };
  }
).article_body.wikitext;

const bytes = (s: string) => Buffer.byteLength(s);
const options = { suspectThreshold: 0.5 };

function pageWith(text: string): PageState {
  return run([aRecordRevision({ revisionId: 1, text, size: bytes(text) })]).state;
}

function edit(state: PageState, text: string, overrides: Partial<RecordRevision> = {}): RecordRevision {
  return aRecordRevision({ revisionId: 2, parentId: 1, text, size: bytes(text), ...overrides });
}

function insertAt(text: string, at: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at);
}

describe('vandalism scorer v1', () => {
  const page = pageWith(squirrel);

  it('scores blanking high and says why', () => {
    const score = handSetScore(page, edit(page, '', { comment: '' }), undefined, options);
    expect(score.model).toBe(VANDALISM_MODEL);
    expect(score.reasons).toEqual(['blanking', 'empty_comment']);
    expect(score.probability).toBeGreaterThan(0.8);
    expect(score.prediction).toBe(true);
  });

  it('scores near-blanking (replaced by one line) by an IP as very likely vandalism', () => {
    const score = handSetScore(page, edit(page, 'squirrels are dumb', { editor: anIpEditor() }), undefined, options);
    expect(score.reasons).toEqual(expect.arrayContaining(['blanking', 'anonymous']));
    const registered = handSetScore(page, edit(page, 'squirrels are dumb'), undefined, options);
    expect(score.probability).toBeGreaterThan(0.85);
    expect(score.probability).toBeGreaterThan(registered.probability);
  });

  it('does not count turning the page into a redirect as blanking, in any language', () => {
    for (const text of ['#REDIRECT [[Sciuridae]]', '#WEITERLEITUNG [[Hörnchen]]', '#перенаправление [[Белки]]']) {
      expect(handSetScore(page, edit(page, text), undefined, options).reasons).toEqual([]);
    }
    expect(
      handSetScore(page, edit(page, 'x', { isRedirect: true, text: undefined }), undefined, options).reasons,
    ).toEqual([]);
  });

  it('scores a bot’s small edit low', () => {
    const text = squirrel.replace('{{Use dmy dates|date=October 2020}}', '{{Use dmy dates|date=October 2021}}');
    const score = handSetScore(
      page,
      edit(page, text, { editor: aBot(), minor: true, comment: 'Bot: date fix' }),
      undefined,
      options,
    );
    expect(score.reasons).toEqual(['bot', 'trusted']);
    expect(score.probability).toBeLessThan(0.01);
    expect(score.prediction).toBe(false);
  });

  it('flags suspect iff probability >= threshold', () => {
    const r = edit(page, squirrel + '\nhello', { editor: anIpEditor() });
    const p = handSetScore(page, r, undefined, options).probability;
    expect(handSetScore(page, r, undefined, { suspectThreshold: p }).prediction).toBe(true);
    expect(handSetScore(page, r, undefined, { suspectThreshold: p + 1e-6 }).prediction).toBe(false);
    expect(handSetScore(page, r, undefined, { suspectThreshold: 0 }).prediction).toBe(true);
  });

  it('detects repeated characters, shouting and symbol floods in the added text only', () => {
    const mid = squirrel.indexOf('Squirrels are members');
    const reasonsFor = (added: string) =>
      handSetScore(page, edit(page, insertAt(squirrel, mid, added)), undefined, options).reasons;
    expect(reasonsFor('squirrels are sooooooooo cute ')).toContain('repeated_chars');
    expect(reasonsFor('THIS PAGE IS TOTALLY WRONG ')).toContain('shouting');
    expect(reasonsFor('@@ $$ ^^ ++ ~~ \\ @@ $$ ^^ ++ ~~ 😀😀😀😀 ')).toContain('non_letters');
    // The real article's own markup (==== headings, '''bold''', tables) never counts.
    expect(reasonsFor('The word comes from Greek. ')).toEqual([]);
  });

  it('a revert of a recent revision scores lower than the same edit without the revert match', () => {
    const r = edit(page, squirrel + ' x', { editor: anIpEditor() });
    const plain = handSetScore(page, r, undefined, options);
    const revert = handSetScore(page, r, { restoredRevisionId: 1, revertedRevisionIds: [] }, options);
    expect(revert.reasons).toContain('revert');
    expect(revert.probability).toBeLessThan(plain.probability);
  });

  it('counts newcomers by account age at the edit or edit count', () => {
    const young = edit(page, squirrel + ' x', { editor: anEditor({ registeredAt: at(-60 * 24), editCount: 50 }) });
    expect(handSetScore(page, young, undefined, options).reasons).toContain('newcomer');
    const few = edit(page, squirrel + ' x', { editor: anEditor({ editCount: 3 }) });
    expect(handSetScore(page, few, undefined, options).reasons).toContain('newcomer');
    const old = edit(page, squirrel + ' x', { editor: anEditor() });
    expect(handSetScore(page, old, undefined, options).reasons).not.toContain('newcomer');
  });

  it('scores suspicious comments and minor-flagged large removals', () => {
    const cut = squirrel.slice(0, squirrel.length - 2000);
    const s = handSetScore(page, edit(page, cut, { minor: true, comment: 'LOLOLOLOL!!!!!!' }), undefined, options);
    expect(s.reasons).toEqual(['suspicious_comment', 'minor_large_change']); // table order
    const large = handSetScore(page, edit(page, squirrel.slice(0, 10000)), undefined, options);
    expect(large.reasons).toContain('large_removal');
  });

  it('scores a tiny new page, and uses no previous-revision features without a known parent', () => {
    const empty = run([]).state;
    expect(handSetScore(empty, aRecordRevision({ text: 'hi', size: 2 }), undefined, options).reasons).toEqual([
      'tiny_new_page',
    ]);
    // Late revision (older than current): no blanking even though its size is 0.
    const late = aRecordRevision({ revisionId: 0, timestamp: at(0), size: 0, text: '' });
    expect(handSetScore(page, late, undefined, options).reasons).toEqual([]);
  });

  it('a hidden text of unknown size fires no size rule (unknown is not 0)', () => {
    const hidden = { text: false, editor: true, comment: true };
    const unknown = edit(page, '', { text: undefined, size: undefined, sha1: undefined, visibility: hidden });
    expect(handSetScore(page, unknown, undefined, options).reasons).toEqual([]);
    // The same hidden revision with a known size of 0 is a blanking.
    const known = edit(page, '', { text: undefined, size: 0, visibility: hidden });
    expect(handSetScore(page, known, undefined, options).reasons).toEqual(['blanking']);
    // A new page of unknown size is not a "tiny new page".
    const first = aRecordRevision({ revisionId: 1, text: undefined, size: undefined, visibility: hidden });
    expect(handSetScore(run([]).state, first, undefined, options).reasons).toEqual([]);
  });

  it('ignores a hidden comment', () => {
    const r = edit(page, squirrel + ' x', {
      comment: undefined,
      visibility: { text: true, editor: true, comment: false },
    });
    expect(handSetScore(page, r, undefined, options).reasons).toEqual([]);
  });

  it('logs its cost on a 100 KB text (figure only; targets live in benchmarks)', () => {
    const big = squirrel.repeat(3);
    const state = pageWith(big);
    const r = edit(state, insertAt(big, 50_000, 'SOME ADDED TEXT!!!!!!!!!'), { editor: anIpEditor() });
    const n = 200;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) handSetScore(state, r, undefined, options);
    const perCall = Number(process.hrtime.bigint() - t0) / 1e6 / n;

    console.log(`handSetScore on ${big.length} chars: ${perCall.toFixed(3)} ms/revision`);
    expect(handSetScore(state, r, undefined, options).reasons).toEqual(
      expect.arrayContaining(['repeated_chars', 'shouting', 'anonymous']),
    );
  });
});

describe('text features', () => {
  it('finds the added span by prefix/suffix trimming', () => {
    expect(textChange('abcdef', 'abcXYZdef')).toEqual({ added: 'XYZ', removedLength: 0 });
    expect(textChange('abcdef', 'abef')).toEqual({ added: '', removedLength: 2 });
    expect(textChange('aaa', 'aaaa')).toEqual({ added: 'a', removedLength: 0 });
    expect(textChange('', 'new')).toEqual({ added: 'new', removedLength: 0 });
  });

  it('counts letters of any script and case only where scripts have it', () => {
    const s = charStats('Белка ДА 松鼠 😀😀');
    expect(s.letters).toBe(9);
    expect(s.upper).toBe(3);
    expect(s.lower).toBe(4);
    expect(s.symbols).toBe(4); // two emoji, two UTF-16 units each
  });
});
