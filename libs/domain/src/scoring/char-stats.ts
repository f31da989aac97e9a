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
// of most wikitext) and the Unicode patterns run only on what is left. Five native replace()
// passes per text cost more than this on the short added texts and comments the scorer sees.
const WS = 1;
const LET = 2;
const UP = 4;
const LOW = 8;
const DIG = 16;
const MARK = 32;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  const is = (re: RegExp): boolean => ch.replace(re, '') === '';
  return (is(WHITESPACE) ? WS : 0) | (is(LETTER) ? LET : 0) | (is(UPPER) ? UP : 0) | (is(LOWER) ? LOW : 0) | (is(DIGIT) ? DIG : 0) | (is(MARKUP) ? MARK : 0);
});
const ASCII_RUNS = /[\x00-\x7f]+/g;

interface ClassCounts {
  whitespace: number;
  letters: number;
  upper: number;
  lower: number;
  digits: number;
  markup: number;
}

function classCounts(s: string): ClassCounts {
  const n: ClassCounts = { whitespace: 0, letters: 0, upper: 0, lower: 0, digits: 0, markup: 0 };
  let nonAscii = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      nonAscii++;
      continue;
    }
    const f = ASCII_CLASS[c];
    if (f === 0) continue;
    n.whitespace += f & WS;
    n.letters += (f & LET) >> 1;
    n.upper += (f & UP) >> 2;
    n.lower += (f & LOW) >> 3;
    n.digits += (f & DIG) >> 4;
    n.markup += (f & MARK) >> 5;
  }
  if (nonAscii === 0) return n;
  const rest = nonAscii === s.length ? s : s.replace(ASCII_RUNS, '');
  n.whitespace += count(rest, WHITESPACE);
  n.letters += count(rest, LETTER);
  n.upper += count(rest, UPPER);
  n.lower += count(rest, LOWER);
  n.digits += count(rest, DIGIT);
  n.markup += count(rest, MARKUP);
  return n;
}

export function charStats(text: string): CharStats {
  const s = sample(text);
  const n = classCounts(s);
  const visible = s.length - n.whitespace;
  return {
    visible,
    letters: n.letters,
    upper: n.upper,
    lower: n.lower,
    symbols: Math.max(0, visible - n.letters - n.digits - n.markup),
    longestRun: longestRun(s),
  };
}

function longestRun(s: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    run = i > 0 && c === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > best && !RUN_EXEMPT.test(s[i])) best = run;
  }
  return best;
}
