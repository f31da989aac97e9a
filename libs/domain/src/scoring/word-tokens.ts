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
