// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { caseCounts, charStats, commonPrefix, commonSuffix, sample, textChange } from './text-features';

// Real article texts ("Squirrel" on dewiki, enwiki, ruwiki; WME SDK fixture).
const wikitexts: Record<string, string> = Object.fromEntries(
  readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { is_part_of: { identifier: string }; article_body: { wikitext: string } })
    .map((r) => [r.is_part_of.identifier, r.article_body.wikitext]),
);
const squirrel = wikitexts.enwiki;

/** The obvious char-by-char definition the chunked version must agree with. */
function reference(oldText: string, newText: string): { added: string; removedLength: number } {
  const max = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < max && oldText[p] === newText[p]) p++;
  let s = 0;
  while (s < max - p && oldText[oldText.length - 1 - s] === newText[newText.length - 1 - s]) s++;
  return { added: newText.slice(p, newText.length - s), removedLength: oldText.length - p - s };
}

/** Deterministic pseudo-random numbers (no Math.random in tests that must reproduce). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('textChange (common prefix / suffix trimming in chunks)', () => {
  it('answers the pair it measured last from memory, and any other pair afresh', () => {
    const inserted = `${squirrel.slice(0, 500)}INSERTED${squirrel.slice(500)}`;
    const removed = squirrel.slice(0, 900) + squirrel.slice(1200);
    for (const [a, b] of [
      [squirrel, inserted],
      [squirrel, inserted],
      [squirrel, removed],
      [inserted, removed],
      [squirrel, inserted],
      [squirrel, `${inserted} `.trimEnd()], // equal text, another string object
    ])
      expect(textChange(a, b)).toEqual(reference(a, b));
  });

  it('agrees with the char-by-char definition on edits of a real article at every scale', () => {
    const rand = lcg(7);
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(rand() * squirrel.length);
      const removed = Math.floor(rand() * 3) === 0 ? Math.floor(rand() * 2000) : 0;
      const inserted = squirrel.slice(Math.floor(rand() * 1000), Math.floor(rand() * 1000) + Math.floor(rand() * 600));
      const edited = squirrel.slice(0, at) + inserted + squirrel.slice(at + removed);
      expect(textChange(squirrel, edited)).toEqual(reference(squirrel, edited));
    }
  });

  it('finds mismatches right at and around chunk boundaries', () => {
    const base = 'a'.repeat(70_000);
    for (const at of [0, 1, 255, 256, 257, 511, 512, 767, 768, 65_535, 65_536, 69_999]) {
      const changed = base.slice(0, at) + 'b' + base.slice(at + 1);
      expect(textChange(base, changed)).toEqual(reference(base, changed));
      expect(commonPrefix(base, changed, base.length)).toBe(at);
      expect(commonSuffix(base, changed, base.length)).toBe(base.length - at - 1);
    }
  });

  it('handles identical, empty, and repetitive texts where prefix and suffix overlap', () => {
    expect(textChange(squirrel, squirrel)).toEqual({ added: '', removedLength: 0 });
    expect(textChange('', '')).toEqual({ added: '', removedLength: 0 });
    expect(textChange(squirrel, '')).toEqual({ added: '', removedLength: squirrel.length });
    const rep = 'ab'.repeat(5000);
    expect(textChange(rep, rep + 'ab')).toEqual(reference(rep, rep + 'ab'));
    expect(textChange(rep + 'ab', rep)).toEqual({ added: '', removedLength: 2 });
  });
});

/** The statistics as five native regex passes compute them: the definition charStats must keep. */
function referenceStats(text: string) {
  const s = sample(text);
  const count = (re: RegExp) => s.length - s.replace(re, '').length;
  const whitespace = count(/\s/gu);
  const letters = count(/\p{L}/gu);
  const digits = count(/\p{Nd}/gu);
  const markup = count(/[[\]{}|=<>'"/*#:;,.()\-–—_&%!]/g);
  const visible = s.length - whitespace;
  let longestRun = 0;
  for (let i = 0, run = 0; i < s.length; i++) {
    run = i > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > longestRun && !/[\s\d[\]{}|='\-_.:*#~]/.test(s[i])) longestRun = run;
  }
  return {
    visible,
    letters,
    upper: count(/\p{Lu}/gu),
    lower: count(/\p{Ll}/gu),
    symbols: Math.max(0, visible - letters - digits - markup),
    longestRun,
  };
}

describe('charStats (ASCII by table, the rest by Unicode classes)', () => {
  it.each(['dewiki', 'enwiki', 'ruwiki'])(
    '%s: same counts as the regex definition on spans of a real article',
    (wiki) => {
      const text = wikitexts[wiki];
      const rand = lcg(wiki.length);
      for (let i = 0; i < 200; i++) {
        const from = Math.floor(rand() * text.length);
        const span = text.slice(from, from + Math.floor(rand() * 3000));
        expect(charStats(span)).toMatchObject(referenceStats(span));
        const { upper, lower } = charStats(span);
        expect(caseCounts(span)).toEqual({ upper, lower });
      }
      expect(charStats(text)).toMatchObject(referenceStats(text));
    },
  );

  it('counts the tricky ones: emoji, no-break and ideographic spaces, dashes, digits of other scripts', () => {
    for (const text of [
      '😀😀😀 WOW!!!',
      'a\u00a0b\u3000c\u2028d',
      '1–2—3 – x',
      '٣٤٥ ١٢ abc',
      'ÄÖÜ äöü ß',
      '\t\n\v\f\r ',
      '',
      'ааааааааа ====== !!!!!!!',
      '😀😀😀😀',
      '      xx',
      'a\ufffd\ufffd b',
    ]) {
      expect(charStats(text)).toMatchObject(referenceStats(text));
    }
  });
});
