import {
  ASCII_CLASS,
  continuationBytes,
  DIG,
  DIGIT,
  LET,
  LETTER,
  LOW,
  LOWER,
  MARK,
  MARKUP,
  multiByteUnit,
  RUN_EXEMPT,
  RUN_OK,
  UP,
  UPPER,
  unitClass,
  utf8,
  utf8Scratch,
  WHITESPACE,
  WS,
} from './unit-classes';

/**
 * Cheap, language-agnostic character statistics for the vandalism scorer. Bounded: they read at
 * most MAX_SAMPLE code units of a text (its head and tail).
 */

/** Head + tail of the added text that character statistics look at. */
export const MAX_SAMPLE = 8192;

export interface CharStats {
  /** Non-whitespace code units looked at. */
  readonly visible: number;
  /** Letters of any script. */
  readonly letters: number;
  /** Upper- and lower-case letters (scripts with case only). */
  readonly upper: number;
  readonly lower: number;
  /** Punctuation, symbols, emoji: neither letter, digit, whitespace nor wiki markup. */
  readonly symbols: number;
  /** Longest run of one repeated character that is not markup, a digit or whitespace. */
  readonly longestRun: number;
  readonly digits: number;
  /** Wiki markup and prose punctuation (MARKUP in unit-classes.ts). */
  readonly markup: number;
  /** Longest run of ASCII letters (`aaaaaaaaaaaaaa`, `asdfghjklqwerty`: keyboard mashing). */
  readonly longestWord: number;
  /** Longest run of non-whitespace code units (a token of any script, a URL, a glued-up word). */
  readonly longestToken: number;
  /** Letters outside ASCII (other scripts, accented Latin). */
  readonly nonAsciiLetters: number;
}

function count(text: string, pattern: RegExp): number {
  // replace() runs in the regex engine's native loop: faster than per-char tests in JS.
  return text.length - text.replace(pattern, '').length;
}

export function sample(text: string, max: number = MAX_SAMPLE): string {
  if (text.length <= max) return text;
  const half = max >> 1;
  return text.slice(0, half) + '\n' + text.slice(text.length - half);
}

// eslint-disable-next-line no-control-regex -- ASCII is U+0000 to U+007F, controls included.
const ASCII_RUNS = /[\x00-\x7f]+/g;
/** JavaScript's `\s` beyond ASCII (no-break, en/em and ideographic spaces, line separators, BOM), by code. */
export function isWideSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

interface Scan {
  whitespace: number;
  letters: number;
  upper: number;
  lower: number;
  digits: number;
  markup: number;
  longestRun: number;
  longestWord: number;
  longestToken: number;
  nonAsciiLetters: number;
}

// Scratch for scan(): a sample's UTF-8 bytes (a sample is at most MAX_SAMPLE + 1 code units).
const bytes = utf8Scratch(MAX_SAMPLE + 1);

/** Class counts, the longest non-exempt run, word and token, in one pass. */
function scan(s: string): Scan {
  const length = utf8(s, bytes);
  // As many bytes as code units: ASCII, read without a branch on what is beyond it.
  if (length === s.length) return scanAscii(bytes, length);
  return scanBytes(bytes, length) ?? scanSlow(s);
}

/**
 * scanBytes of an ASCII text. Without branches on the text: each run, word and token goes on
 * (times 1) or starts again (times 0), and the longest is a max; a letter next to a space is no
 * longer a branch to guess. ~15 % faster than scanBytes on ASCII.
 */
function scanAscii(b: Uint8Array, length: number): Scan {
  let whitespace = 0;
  let letters = 0;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let markup = 0;
  let longestRun = 0;
  let longestWord = 0;
  let longestToken = 0;
  let run = 0;
  let word = 0;
  let token = 0;
  let prev = -1;
  for (let i = 0; i < length; i++) {
    const c = b[i];
    run = run * +(c === prev) + 1;
    prev = c;
    const f = ASCII_CLASS[c];
    longestRun = Math.max(longestRun, run * ((f & RUN_OK) >> 6));
    word = (word + 1) * ((f >> 1) & 1);
    longestWord = Math.max(longestWord, word);
    token = (token + 1) * (1 - (f & WS));
    longestToken = Math.max(longestToken, token);
    whitespace += f & WS;
    letters += (f & LET) >> 1;
    upper += (f & UP) >> 2;
    lower += (f & LOW) >> 3;
    digits += (f & DIG) >> 4;
    markup += (f & MARK) >> 5;
  }
  const nonAsciiLetters = 0;
  return { whitespace, letters, upper, lower, digits, markup, longestRun, longestWord, longestToken, nonAsciiLetters };
}

/**
 * scan() over the UTF-8 bytes of a text, undefined when it has a surrogate (scanSlow then):
 * scanAscii's loop, but for the one branch a code unit beyond ASCII takes (3.5 in 1,000 in
 * English wikitext), its class from unitClass. Bytes, not the string's code units: V8 reads a
 * typed array faster, and the Unicode patterns the rest went through cost more than the loop.
 */
function scanBytes(b: Uint8Array, length: number): Scan | undefined {
  let whitespace = 0;
  let letters = 0;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let markup = 0;
  let longestRun = 0;
  let longestWord = 0;
  let longestToken = 0;
  let nonAsciiLetters = 0;
  let run = 0;
  let word = 0;
  let token = 0;
  let prev = -1;
  for (let i = 0; i < length; i++) {
    let c = b[i];
    let f: number;
    // longestWord counts ASCII letters only.
    let ascii = 1;
    if (c < 0x80) f = ASCII_CLASS[c];
    else {
      c = multiByteUnit(b, i);
      if (c < 0) return undefined;
      i += continuationBytes(b[i]);
      f = unitClass(c);
      ascii = 0;
      nonAsciiLetters += (f & LET) >> 1;
    }
    run = run * +(c === prev) + 1;
    prev = c;
    longestRun = Math.max(longestRun, run * ((f & RUN_OK) >> 6));
    word = (word + 1) * ((f >> 1) & ascii);
    longestWord = Math.max(longestWord, word);
    token = (token + 1) * (1 - (f & WS));
    longestToken = Math.max(longestToken, token);
    whitespace += f & WS;
    letters += (f & LET) >> 1;
    upper += (f & UP) >> 2;
    lower += (f & LOW) >> 3;
    digits += (f & DIG) >> 4;
    markup += (f & MARK) >> 5;
  }
  return { whitespace, letters, upper, lower, digits, markup, longestRun, longestWord, longestToken, nonAsciiLetters };
}

/**
 * scan() of a text with surrogates: ASCII by class, the longest run, word and token over its
 * code units, and the Unicode patterns on what is not ASCII (a surrogate pair is one character).
 */
function scanSlow(s: string): Scan {
  const n = {
    whitespace: 0,
    letters: 0,
    upper: 0,
    lower: 0,
    digits: 0,
    markup: 0,
    longestRun: 0,
    longestWord: 0,
    longestToken: 0,
    nonAsciiLetters: 0,
  };
  let run = 0;
  let word = 0;
  let token = 0;
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    run = c === prev ? run + 1 : 1;
    prev = c;
    if (c >= 128) {
      word = 0;
      token = isWideSpace(c) ? 0 : token + 1;
      if (token > n.longestToken) n.longestToken = token;
      if (run > n.longestRun && !RUN_EXEMPT.test(s[i])) n.longestRun = run;
      continue;
    }
    const f = ASCII_CLASS[c];
    if (run > n.longestRun && f & RUN_OK) n.longestRun = run;
    word = f & LET ? word + 1 : 0;
    if (word > n.longestWord) n.longestWord = word;
    token = f & WS ? 0 : token + 1;
    if (token > n.longestToken) n.longestToken = token;
    n.whitespace += f & WS;
    n.letters += (f & LET) >> 1;
    n.upper += (f & UP) >> 2;
    n.lower += (f & LOW) >> 3;
    n.digits += (f & DIG) >> 4;
    n.markup += (f & MARK) >> 5;
  }
  const rest = s.replace(ASCII_RUNS, '');
  n.whitespace += count(rest, WHITESPACE);
  n.nonAsciiLetters = count(rest, LETTER);
  n.letters += n.nonAsciiLetters;
  n.upper += count(rest, UPPER);
  n.lower += count(rest, LOWER);
  n.digits += count(rest, DIGIT);
  n.markup += count(rest, MARKUP);
  return n;
}

/** charStats(text)'s upper- and lower-case letter counts alone (one loop, no other statistics). */
export function caseCounts(text: string): { upper: number; lower: number } {
  const s = sample(text);
  const length = utf8(s, bytes);
  let upper = 0;
  let lower = 0;
  if (length === s.length) {
    // ASCII: no branch on what is beyond it.
    for (let i = 0; i < length; i++) {
      const f = ASCII_CLASS[bytes[i]];
      upper += (f & UP) >> 2;
      lower += (f & LOW) >> 3;
    }
    return { upper, lower };
  }
  for (let i = 0; i < length; i++) {
    let f = ASCII_CLASS[bytes[i] & 0x7f];
    if (bytes[i] >= 0x80) {
      const c = multiByteUnit(bytes, i);
      if (c < 0) return caseCountsSlow(s);
      i += continuationBytes(bytes[i]);
      f = unitClass(c);
    }
    upper += (f & UP) >> 2;
    lower += (f & LOW) >> 3;
  }
  return { upper, lower };
}

/** caseCounts of a sample with surrogates: ASCII by class, the Unicode patterns on the rest. */
function caseCountsSlow(s: string): { upper: number; lower: number } {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) continue;
    const f = ASCII_CLASS[c];
    upper += (f & UP) >> 2;
    lower += (f & LOW) >> 3;
  }
  const rest = s.replace(ASCII_RUNS, '');
  return { upper: upper + count(rest, UPPER), lower: lower + count(rest, LOWER) };
}

export function charStats(text: string): CharStats {
  const s = sample(text);
  const n = scan(s);
  const visible = s.length - n.whitespace;
  return {
    visible,
    letters: n.letters,
    upper: n.upper,
    lower: n.lower,
    symbols: Math.max(0, visible - n.letters - n.digits - n.markup),
    longestRun: n.longestRun,
    digits: n.digits,
    markup: n.markup,
    longestWord: n.longestWord,
    longestToken: n.longestToken,
    nonAsciiLetters: n.nonAsciiLetters,
  };
}
