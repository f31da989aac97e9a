// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { ONE_MEGABYTE_WORD } from './testing/pathological-wikitext';
import { splitSentences, wtf } from './wtf-library';

const SLOW = /(\S.+?[.!?]"?)(?=\s|$)/g;
const slowSplit = (s: string): string[] => s.split(SLOW);

describe('splitSentences: wtf_wikipedia’s sentence split in one pass', () => {
  it('gives the same array as the regular expression on generated text', () => {
    const alphabet = ['a', 'B', ' ', '.', '!', '?', '"', '\n', '\r', '\u2028', '\u00a0', '\t', 'é', '.. ', '." '];
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 16807) % 2147483647) % n;
    for (let round = 0; round < 5000; round++) {
      let s = '';
      const len = rand(40);
      for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
      expect([s, splitSentences(s)]).toEqual([s, slowSplit(s)]);
    }
    for (const s of ['', 'a', 'a.', 'ab.', ' ab. cd? "ef!" g', 'x."y. z', 'a.b. c', 'word\n. x. ', '"a." b'])
      expect(splitSentences(s)).toEqual(slowSplit(s));
  });

  it('gives the same array on every line of real articles', () => {
    const lines = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => (JSON.parse(l) as { article_body: { wikitext: string } }).article_body.wikitext.split(/\n+/));
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(splitSentences(line)).toEqual(slowSplit(line));
  });

  it('is what the loaded wtf uses: a 1 MB word parses (the regular expression needs minutes)', () => {
    const word = ONE_MEGABYTE_WORD;
    expect(wtf(word).text()).toBe(word);
    expect(
      wtf('First one. Second one! Third "one?" Fourth')
        .sentences()
        .map((s) => s.text()),
    ).toEqual(['First one.', 'Second one!', 'Third "one?"', 'Fourth']);
  });
});
