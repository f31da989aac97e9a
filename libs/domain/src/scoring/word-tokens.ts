import { MAX_SAMPLE } from './char-stats';

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

/** What the words of an ASCII text come to (firstWordsSummary). */
export interface WordsSummary {
  readonly words: number;
  /** Upper- and lower-case letters in them: caseCounts of the words joined by spaces. */
  readonly upper: number;
  readonly lower: number;
  /** One of them has 3 characters or more. */
  readonly anyOfThree: boolean;
}

const encoder = new TextEncoder();
const bytes = new Uint8Array(3 * MAX_SAMPLE);
// Per ASCII code: 1 a word's character (letter or digit), | 2 upper case, | 4 lower case.
const WORD_CHAR = Uint8Array.from({ length: 128 }, (_, c) =>
  c >= 65 && c <= 90 ? 3 : c >= 97 && c <= 122 ? 5 : c >= 48 && c <= 57 ? 1 : 0,
);

/**
 * `firstWords(text, max)` summed up without making the words, for an ASCII text (words are then
 * runs of A-Z, a-z, 0-9); undefined for any other text, or words that joined would be longer than
 * caseCounts reads. A new page's first 4 KiB made ~400 strings and their join, 26 us, for three
 * numbers. No branch on the text but the stop after `max` words.
 */
export function firstWordsSummary(text: string, max: number): WordsSummary | undefined {
  const { read, written } = encoder.encodeInto(text, bytes);
  if (read !== text.length || written !== text.length) return undefined;
  let words = 0;
  let chars = 0;
  let upper = 0;
  let lower = 0;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < written; i++) {
    const f = WORD_CHAR[bytes[i]];
    const inWord = f & 1;
    // A word starts here: a word's character after none.
    words += inWord & +(run === 0);
    if (words > max) {
      words = max;
      break;
    }
    run = (run + 1) * inWord;
    longest = Math.max(longest, run);
    chars += inWord;
    upper += (f >> 1) & 1;
    lower += f >> 2;
  }
  if (chars + words - 1 > MAX_SAMPLE) return undefined;
  return { words, upper, lower, anyOfThree: longest >= 3 };
}
