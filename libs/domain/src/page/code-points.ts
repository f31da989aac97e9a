// A low surrogate: the second half of a pair. Irregexp scans for it natively; on one-byte
// (Latin-1) strings, most wikitext, it cannot occur and the search ends at once.
const LOW_SURROGATE = /[\uDC00-\uDFFF]/;

/**
 * Unicode code points in a string (WME `number_of_characters`): UTF-16 length minus the
 * low halves of surrogate pairs. No allocation (unlike `[...text].length`); text without astral
 * characters costs one native search, and the loop starts at the first low surrogate.
 */
export function countCodePoints(text: string): number {
  const first = text.search(LOW_SURROGATE);
  if (first < 0) return text.length;
  let pairs = 0;
  for (let i = first > 0 ? first : 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const prev = text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) pairs++;
    }
  }
  return text.length - pairs;
}

/** Code points of a text counted where it was stored, on the object that holds it (not enumerable). */
const STORED_COUNT = Symbol('okapi.textCodePoints');

/**
 * Records that `holder.text` has `codePoints` code points, counted by the store that reads the
 * text only when it is first accessed (`ReadAllOptions.textOnDemand`): a reader that wants only
 * the count (page states, batch budgets) then never makes the store read the text. Kept on the
 * holder as a non-enumerable property: JSON, spreads and equality do not see it (a WeakMap
 * entry per event cost more).
 */
export function rememberTextCodePoints(holder: { readonly text?: string }, codePoints: number): void {
  Object.defineProperty(holder, STORED_COUNT, { value: codePoints });
}

/** Code points of `holder.text` (as the store counted them, else counted now); undefined without a text. */
export function textCodePoints(holder: { readonly text?: string }): number | undefined {
  const stored = (holder as { [STORED_COUNT]?: number })[STORED_COUNT];
  if (stored !== undefined) return stored;
  return holder.text === undefined ? undefined : countCodePoints(holder.text);
}
