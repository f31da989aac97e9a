import { MAX_SAMPLE } from './char-stats';
import {
  ASCII_CLASS,
  continuationBytes,
  LOW,
  multiByteUnit,
  unitClass,
  UP,
  utf8,
  utf8Scratch,
  WORD,
} from './unit-classes';

/** A gap between words: anything but letters and digits (code points, as the `u` flag reads them). */
const GAP = /[^\p{L}\p{N}]+/u;

/**
 * The first `max` words of `text`, a word being a maximal run of letters and digits: what
 * `text.match(/[\p{L}\p{N}]+/gu)?.slice(0, max) ?? []` gives, by splitting at the gaps instead.
 * A regular expression's `exec` builds a match object per word, and the revert-risk features
 * tokenise up to 800 words per revision this way: that was a sixth of all the memory an import
 * allocated (each allocation a young-generation collection closer, which copies the revisions'
 * text still in flight).
 */
export function firstWords(text: string, max: number): string[] {
  const words = text.split(GAP, max + 1);
  if (words[0] === '') words.shift(); // the text starts with a gap
  if (words.length > max) words.length = max;
  else if (words[words.length - 1] === '') words.pop(); // ...or ends with one
  return words;
}

/** What the words of a text come to (firstWordsSummary). */
export interface WordsSummary {
  readonly words: number;
  /** Upper- and lower-case letters in them: caseCounts of the words joined by spaces. */
  readonly upper: number;
  readonly lower: number;
  /** One of them has 3 characters or more. */
  readonly anyOfThree: boolean;
}

const bytes = utf8Scratch(MAX_SAMPLE);

/**
 * `firstWords(text, max)` summed up without making the words, read from the text's UTF-8 bytes;
 * undefined for a text with surrogates (or longer than MAX_SAMPLE), or words that joined would
 * be longer than caseCounts reads. A new page's first 4 KiB made ~400 strings and their join,
 * 26 us, for three numbers. No branch on ASCII but the stop after `max` words; a code unit
 * beyond it is classed by unitClass.
 */
export function firstWordsSummary(text: string, max: number): WordsSummary | undefined {
  if (text.length > MAX_SAMPLE) return undefined;
  const length = utf8(text, bytes);
  let words = 0;
  let chars = 0;
  let upper = 0;
  let lower = 0;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < length; i++) {
    let f = ASCII_CLASS[bytes[i] & 0x7f];
    if (bytes[i] >= 0x80) {
      const c = multiByteUnit(bytes, i);
      if (c < 0) return undefined;
      i += continuationBytes(bytes[i]);
      f = unitClass(c);
    }
    const inWord = (f & WORD) >> 7;
    // A word starts here: a word's character after none.
    words += inWord & +(run === 0);
    if (words > max) {
      words = max;
      break;
    }
    run = (run + 1) * inWord;
    longest = Math.max(longest, run);
    chars += inWord;
    upper += (f & UP) >> 2;
    lower += (f & LOW) >> 3;
  }
  if (chars + words - 1 > MAX_SAMPLE) return undefined;
  return { words, upper, lower, anyOfThree: longest >= 3 };
}
