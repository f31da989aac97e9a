import { MAX_SAMPLE } from './char-stats';
import {
  ASCII_CLASS,
  continuationBytes,
  LET,
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
/** Scratch for a text's UTF-8 bytes. */
const bytes = utf8Scratch(MAX_SAMPLE);

/**
 * The first `max` words of `text`, a word being a maximal run of letters and digits: what
 * `text.match(/[\p{L}\p{N}]+/gu)?.slice(0, max) ?? []` gives. Read from the text's UTF-8 bytes
 * (unit-classes.ts), a code unit beyond ASCII classed by table: the `u` pattern's split ran
 * ~3x slower on a two-byte string (one character beyond Latin-1 makes the whole text one) than
 * on ASCII. A text with surrogates is split at the gaps (splitWords).
 */
export function firstWords(text: string, max: number): string[] {
  if (text.length > MAX_SAMPLE) return splitWords(text, max);
  return runsOf(text, WORD, 1, max) ?? splitWords(text, max);
}

/**
 * The first `max` runs of `min` letters or more in `text` (of up to MAX_SAMPLE code units): what
 * the first `max` matches of `/\p{L}{min,}/gu` are, read as firstWords reads words; undefined
 * for a text with surrogates (the pattern then).
 */
export function firstLetterRuns(text: string, min: number, max: number): string[] | undefined {
  return runsOf(text, LET, min, max);
}

/**
 * The first `max` maximal runs of at least `min` code units of class `flag` in `text` (of up to
 * MAX_SAMPLE code units), read from its UTF-8 bytes; undefined for a text with surrogates.
 */
function runsOf(text: string, flag: number, min: number, max: number): string[] | undefined {
  const length = utf8(text, bytes);
  const runs: string[] = [];
  let start = -1;
  let unit = 0;
  for (let i = 0; i < length && runs.length < max; i++, unit++) {
    let f = ASCII_CLASS[bytes[i] & 0x7f];
    if (bytes[i] >= 0x80) {
      const c = multiByteUnit(bytes, i);
      if (c < 0) return undefined;
      i += continuationBytes(bytes[i]);
      f = unitClass(c);
    }
    if (f & flag) {
      if (start < 0) start = unit;
    } else if (start >= 0) {
      if (unit - start >= min) runs.push(text.slice(start, unit));
      start = -1;
    }
  }
  if (start >= 0 && unit - start >= min && runs.length < max) runs.push(text.slice(start, unit));
  return runs;
}

/**
 * firstWords by splitting at the gaps: a regular expression's `exec` would build a match object
 * per word, and the revert-risk features tokenise up to 800 words per revision.
 */
function splitWords(text: string, max: number): string[] {
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
