/**
 * Unicode code points in a string (WME `number_of_characters`): UTF-16 length minus the
 * low halves of surrogate pairs. One pass, no allocation (unlike `[...text].length`).
 */
export function countCodePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const prev = text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) pairs++;
    }
  }
  return text.length - pairs;
}
