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
  /** Wiki markup and prose punctuation (MARKUP below). */
  readonly markup: number;
  /** Longest run of ASCII letters (`aaaaaaaaaaaaaa`, `asdfghjklqwerty`: keyboard mashing). */
  readonly longestWord: number;
  /** Longest run of non-whitespace code units (a token of any script, a URL, a glued-up word). */
  readonly longestToken: number;
  /** Letters outside ASCII (other scripts, accented Latin). */
  readonly nonAsciiLetters: number;
}

const WHITESPACE = /\s/gu;
const LETTER = /\p{L}/gu;
const UPPER = /\p{Lu}/gu;
const LOWER = /\p{Ll}/gu;
const DIGIT = /\p{Nd}/gu;
// Wiki markup and the punctuation of ordinary prose; these say nothing about vandalism.
const MARKUP = /[[\]{}|=<>'"/*#:;,.()\-–—_&%!]/g;
const RUN_EXEMPT = /[\s\d[\]{}|='\-_.:*#~]/;

function count(text: string, pattern: RegExp): number {
  // replace() runs in the regex engine's native loop: faster than per-char tests in JS.
  return text.length - text.replace(pattern, '').length;
}

export function sample(text: string, max: number = MAX_SAMPLE): string {
  if (text.length <= max) return text;
  const half = max >> 1;
  return text.slice(0, half) + '\n' + text.slice(text.length - half);
}

// ASCII classes, precomputed from the very same patterns, so one JS pass classifies ASCII (most
// of most wikitext) and measures the longest run; the Unicode patterns run only on what is left.
// Five native replace() passes plus a second loop cost ~3x more on the 8 KiB samples of
// rewritten pages (profiled in `okapi bench ingest`).
const WS = 1;
const LET = 2;
const UP = 4;
const LOW = 8;
const DIG = 16;
const MARK = 32;
const RUN_OK = 64;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  const is = (re: RegExp): boolean => ch.replace(re, '') === '';
  return (
    (is(WHITESPACE) ? WS : 0) |
    (is(LETTER) ? LET : 0) |
    (is(UPPER) ? UP : 0) |
    (is(LOWER) ? LOW : 0) |
    (is(DIGIT) ? DIG : 0) |
    (is(MARKUP) ? MARK : 0) |
    (RUN_EXEMPT.test(ch) ? 0 : RUN_OK)
  );
});
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
}

// Scratch for scan(): a sample's UTF-8 bytes (a sample is at most MAX_SAMPLE + 1 code units).
const bytes = new Uint8Array(3 * MAX_SAMPLE + 3);
const encoder = new TextEncoder();

/**
 * One pass: ASCII class counts, the longest non-exempt run, and whether anything is non-ASCII.
 * An ASCII text (as many bytes as code units) is read as its bytes: V8 reads a typed array
 * several times faster than a string's code units, and the copy is native (~0.3 us for the
 * average added text of a synthetic import, whose scan took 8 us, 5.5 us read as bytes).
 */
function scan(s: string): Scan & { nonAscii: boolean } {
  const { read, written } = encoder.encodeInto(s, bytes);
  return read === s.length && written === s.length ? scanAscii(bytes, written) : scanUnits(s);
}

/**
 * scanUnits over the bytes of an ASCII text. Without branches on the text: each run, word and
 * token goes on (times 1) or starts again (times 0), and the longest is a max; a letter next to
 * a space is no longer a branch to guess.
 */
function scanAscii(b: Uint8Array, length: number): Scan & { nonAscii: boolean } {
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
  return { whitespace, letters, upper, lower, digits, markup, longestRun, longestWord, longestToken, nonAscii: false };
}

/** scan() over the code units of a text with anything beyond ASCII. */
function scanUnits(s: string): Scan & { nonAscii: boolean } {
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
    nonAscii: false,
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
      n.nonAscii = true;
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
    if ((f & ~RUN_OK) === 0) continue;
    n.whitespace += f & WS;
    n.letters += (f & LET) >> 1;
    n.upper += (f & UP) >> 2;
    n.lower += (f & LOW) >> 3;
    n.digits += (f & DIG) >> 4;
    n.markup += (f & MARK) >> 5;
  }
  return n;
}

/** charStats(text)'s upper- and lower-case letter counts alone (one loop, no other statistics). */
export function caseCounts(text: string): { upper: number; lower: number } {
  const s = sample(text);
  const { read, written } = encoder.encodeInto(s, bytes);
  let upper = 0;
  let lower = 0;
  if (read === s.length && written === s.length) {
    // ASCII: its bytes, as scan() reads them.
    for (let i = 0; i < written; i++) {
      const f = ASCII_CLASS[bytes[i]];
      upper += (f & UP) >> 2;
      lower += (f & LOW) >> 3;
    }
    return { upper, lower };
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) continue;
    const f = ASCII_CLASS[c];
    upper += (f & UP) >> 2;
    lower += (f & LOW) >> 3;
  }
  const rest = s.replace(ASCII_RUNS, '');
  upper += count(rest, UPPER);
  lower += count(rest, LOWER);
  return { upper, lower };
}

export function charStats(text: string): CharStats {
  const s = sample(text);
  const n = scan(s);
  let nonAsciiLetters = 0;
  if (n.nonAscii) {
    const rest = s.replace(ASCII_RUNS, '');
    n.whitespace += count(rest, WHITESPACE);
    nonAsciiLetters = count(rest, LETTER);
    n.letters += nonAsciiLetters;
    n.upper += count(rest, UPPER);
    n.lower += count(rest, LOWER);
    n.digits += count(rest, DIGIT);
    n.markup += count(rest, MARKUP);
  }
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
    nonAsciiLetters,
  };
}
