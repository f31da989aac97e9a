/**
 * What an edit inserted and removed, by trimming the common prefix and suffix of the old and new
 * text: linear, not an O(n²) diff.
 */

export interface TextChange {
  /** The new text between the common prefix and suffix (what the edit inserted). */
  readonly added: string;
  /** Length in code units of what the edit removed from the old text. */
  readonly removedLength: number;
}

/** Added/removed span of an edit, by trimming the common prefix and suffix. O(n), no allocation but the slice. */
export function textChange(oldText: string, newText: string): TextChange {
  const { prefix, suffix } = textEdit(oldText, newText);
  return {
    added: newText.slice(prefix, newText.length - suffix),
    removedLength: oldText.length - prefix - suffix,
  };
}

/** Where two texts differ: the lengths of their common prefix and of their common suffix after it. */
export interface TextEdit {
  readonly prefix: number;
  readonly suffix: number;
}

// The last pair measured: deciding a revision scores its edit (revert-risk-features.ts) and then
// records it in the page's history (scoring-history.ts), each from the same two texts, so the
// second ask is answered without comparing them again (each compare reads both whole texts).
let lastBefore: string | undefined;
let lastAfter: string | undefined;
let lastEdit: TextEdit = { prefix: 0, suffix: 0 };

/** The common prefix of `before` and `after`, then their common suffix in what is left. */
export function textEdit(before: string, after: string): TextEdit {
  // Mostly the very same string objects: `===` is then one pointer compare.
  if (before === lastBefore && after === lastAfter) return lastEdit;
  const max = Math.min(before.length, after.length);
  const prefix = commonPrefix(before, after, max);
  lastEdit = { prefix, suffix: commonSuffix(before, after, max - prefix) };
  lastBefore = before;
  lastAfter = after;
  return lastEdit;
}

// Equal spans are skipped in growing chunks compared as slices: V8 compares two flat strings
// with a native memcmp, 4x faster than a charCodeAt loop on a 100 KB article (profiled: this
// was the costliest step of importing a revision). Once a chunk differs (or would run past the
// end), the chunks halve down to LAST_CHUNK code units, and only the last few go char by char:
// that loop, over up to FIRST_CHUNK chars at each end before, was 60 % of the compare of an
// edit (and ran over all the rest of a text when a chunk would have run past its end).
const FIRST_CHUNK = 256;
const MAX_CHUNK = 65536;
const LAST_CHUNK = 8;

/** Length of the common prefix of `a` and `b`, at most `max`. */
export function commonPrefix(a: string, b: string, max: number): number {
  let p = 0;
  let step = FIRST_CHUNK;
  let growing = true;
  while (step >= LAST_CHUNK) {
    if (p + step <= max && a.slice(p, p + step) === b.slice(p, p + step)) {
      p += step;
      if (growing && step < MAX_CHUNK) step *= 2;
    } else {
      growing = false;
      step >>= 1;
    }
  }
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** Length of the common suffix of `a` and `b`, at most `max`. */
export function commonSuffix(a: string, b: string, max: number): number {
  const al = a.length;
  const bl = b.length;
  let s = 0;
  let step = FIRST_CHUNK;
  let growing = true;
  while (step >= LAST_CHUNK) {
    if (s + step <= max && a.slice(al - s - step, al - s) === b.slice(bl - s - step, bl - s)) {
      s += step;
      if (growing && step < MAX_CHUNK) step *= 2;
    } else {
      growing = false;
      step >>= 1;
    }
  }
  while (s < max && a.charCodeAt(al - 1 - s) === b.charCodeAt(bl - 1 - s)) s++;
  return s;
}
