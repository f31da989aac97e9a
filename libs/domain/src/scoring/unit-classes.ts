/**
 * Character classes of UTF-16 code units, by table, and the code units of a text read back from
 * its UTF-8 bytes. Real wikitext is mostly ASCII with a few characters beyond it (3.5 in 1,000 in
 * English Wikipedia's Anarchism history, in 96 % of its revisions): reading a text's UTF-8 bytes
 * (TextEncoder.encodeInto, native) and decoding the rare multi-byte sequence keeps the loops over
 * a typed array, which V8 reads several times faster than a two-byte string's code units.
 */

export const WS = 1;
export const LET = 2;
export const UP = 4;
export const LOW = 8;
export const DIG = 16;
export const MARK = 32;
export const RUN_OK = 64;
/** A word's character: a letter or a number of any kind (word-tokens.ts). */
export const WORD = 128;
const KNOWN = 256;

export const WHITESPACE = /\s/gu;
export const LETTER = /\p{L}/gu;
export const UPPER = /\p{Lu}/gu;
export const LOWER = /\p{Ll}/gu;
export const DIGIT = /\p{Nd}/gu;
// Wiki markup and the punctuation of ordinary prose; these say nothing about vandalism.
export const MARKUP = /[[\]{}|=<>'"/*#:;,.()\-–—_&%!]/g;
export const RUN_EXEMPT = /[\s\d[\]{}|='\-_.:*#~]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function classify(c: number): number {
  const ch = String.fromCharCode(c);
  const is = (re: RegExp): boolean => ch.replace(re, '') === '';
  return (
    KNOWN |
    (is(WHITESPACE) ? WS : 0) |
    (is(LETTER) ? LET : 0) |
    (is(UPPER) ? UP : 0) |
    (is(LOWER) ? LOW : 0) |
    (is(DIGIT) ? DIG : 0) |
    (is(MARKUP) ? MARK : 0) |
    (RUN_EXEMPT.test(ch) ? 0 : RUN_OK) |
    (WORD_CHAR.test(ch) ? WORD : 0)
  );
}

/** Classes of ASCII, precomputed from the very same patterns. */
export const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => classify(c) & 0xff);

// Classes of the other code units of the Basic Multilingual Plane, each worked out the first time
// it is met (the patterns on one character): a few hundred distinct ones in a wiki's text.
const unitClasses = new Uint16Array(65536);

/** Class bits of a code unit that is no surrogate (the patterns read a surrogate pair as one character). */
export function unitClass(c: number): number {
  const f = unitClasses[c];
  return f === 0 ? (unitClasses[c] = classify(c)) & 0xff : f & 0xff;
}

/** Scratch for the UTF-8 bytes of a text of up to `units` code units (at most 3 bytes each). */
export function utf8Scratch(units: number): Uint8Array {
  return new Uint8Array(3 * units + 3);
}

const encoder = new TextEncoder();

/** `s` as UTF-8 into `bytes` (large enough: utf8Scratch); how many bytes. */
export function utf8(s: string, bytes: Uint8Array): number {
  return encoder.encodeInto(s, bytes).written;
}

/**
 * The code unit a multi-byte sequence starting at `bytes[i]` (a byte >= 0x80) encodes, or -1 when
 * it is no BMP character other than U+FFFD: a surrogate pair (4 bytes) or what encodeInto made
 * of a lone surrogate (U+FFFD), which callers leave to the code units of the string itself.
 * Its bytes after the first: continuationBytes(bytes[i]).
 */
export function multiByteUnit(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0xe0) return ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
  if (b >= 0xf0) return -1;
  const c = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
  return c === 0xfffd ? -1 : c;
}

/** Bytes in the sequence whose first byte (>= 0xc0) is `b`, beyond the first. */
export function continuationBytes(b: number): number {
  return b < 0xe0 ? 1 : 2;
}
