import { caseCounts } from './char-stats';
import { firstLetterRuns, firstWords, firstWordsSummary } from './word-tokens';

/** The definition firstWords must match: the first `max` matches of the word pattern. */
const reference = (text: string, max: number): string[] => (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, max);

describe('firstWords', () => {
  const texts = [
    '',
    ' ',
    'word',
    ' leading and trailing ',
    'Ünïcödé 松鼠 🐿 emoji-split, 123 numbers 4th',
    '[[Link|label]] {{Template|a=1}} <ref>x</ref>',
    'astral letters 𝒜𝒷𝒸 and a lone \uD800 surrogate \uDC00 here',
    '---',
    'a b c d e f g h',
    ' a b c d e f g h ',
    'Zürich–Kraków 1914–1918, Dvořák\u00a0naïve x²½ ٣٤٥ ǅemal',
    '«Белка» — ДА松鼠',
    'a\ufffdb \ufffd',
  ];

  it.each(texts)('gives what the word pattern matches in %j', (text) => {
    for (const max of [0, 1, 3, 8, 400]) expect(firstWords(text, max)).toEqual(reference(text, max));
  });

  it.each(texts)('firstLetterRuns gives what /\\p{L}{4,}/gu matches in %j, or leaves it to the pattern', (text) => {
    for (const max of [0, 1, 3, 64]) {
      const runs = firstLetterRuns(text, 4, max);
      // Left to the pattern: surrogates (and U+FFFD, as which TextEncoder writes a lone one).
      if (runs === undefined) expect(text).toMatch(/[\uD800-\uDFFF\uFFFD]/);
      else expect(runs).toEqual((text.match(/\p{L}{4,}/gu) ?? []).slice(0, max));
    }
  });

  it('stops at max words in a long text, with or without a gap at either end', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    for (const text of [words.join(' '), ` ${words.join(' ')}`, `${words.join(' ')} `, ` ${words.join(', ')} `]) {
      expect(firstWords(text, 400)).toEqual(words.slice(0, 400));
      expect(firstWords(text, 1000)).toEqual(words);
    }
  });
});

describe('firstWordsSummary', () => {
  /** What it sums up: the words firstWords makes, their case counts joined by spaces, a long one. */
  const summed = (text: string, max: number) => {
    const words = firstWords(text, max);
    return { words: words.length, ...caseCounts(words.join(' ')), anyOfThree: words.some((w) => w.length >= 3) };
  };

  it('sums up the words of an ASCII text as firstWords makes them', () => {
    const texts = [
      '',
      ' ',
      'ab',
      'abc',
      ' a1 B2 ',
      '[[Link|Label]] {{Tpl|A=1}} <ref>X</ref> 42nd',
      'x y z '.repeat(300),
    ];
    let seed = 11;
    const chars = 'aZ9 .-_\n[]{}|=';
    texts.push(Array.from({ length: 5000 }, () => chars[(seed = (seed * 48271) % 2147483647) % chars.length]).join(''));
    for (const text of texts)
      for (const max of [0, 1, 3, 400]) expect(firstWordsSummary(text, max)).toEqual(summed(text, max));
  });

  it('sums up text beyond ASCII alike: accents, other scripts, dashes, numbers of other kinds', () => {
    for (const text of [
      'Ünïcödé words',
      'Ünïcödé',
      'Белка ДА 松鼠 abc',
      '1–2—3 x²·½ ٣٤٥',
      'ǅǈ ß ΣΑΣ',
      '\u00a0ab\u3000cd\ufeff',
    ])
      for (const max of [0, 1, 3, 400]) expect(firstWordsSummary(text, max)).toEqual(summed(text, max));
  });

  it('leaves text with surrogates to firstWords', () => {
    expect(firstWordsSummary('😀 emoji', 400)).toBeUndefined();
    expect(firstWordsSummary('a lone \uD800 surrogate', 400)).toBeUndefined();
  });
});
