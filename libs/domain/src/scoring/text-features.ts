/**
 * Cheap, language-agnostic text features for the vandalism scorer. Everything here is linear in
 * the text and bounded: added text is found by common prefix/suffix trimming (not an O(n²) diff),
 * and character statistics read at most MAX_SAMPLE code units of it.
 */

/** Head + tail of the added text that character statistics look at. */
export const MAX_SAMPLE = 8192;

export interface TextChange {
  /** The new text between the common prefix and suffix (what the edit inserted). */
  readonly added: string;
  /** Length in code units of what the edit removed from the old text. */
  readonly removedLength: number;
}

/** Added/removed span of an edit, by trimming the common prefix and suffix. O(n), no allocation but the slice. */
export function textChange(oldText: string, newText: string): TextChange {
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = max - prefix;
  while (
    suffix < room &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  return {
    added: newText.slice(prefix, newText.length - suffix),
    removedLength: oldText.length - prefix - suffix,
  };
}

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

export function charStats(text: string): CharStats {
  const s = sample(text);
  const whitespace = count(s, WHITESPACE);
  const letters = count(s, LETTER);
  const digits = count(s, DIGIT);
  const markup = count(s, MARKUP);
  const visible = s.length - whitespace;
  return {
    visible,
    letters,
    upper: count(s, UPPER),
    lower: count(s, LOWER),
    symbols: Math.max(0, visible - letters - digits - markup),
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
