/** Deepest nesting of arrays and objects a JSON request body may have. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the JSON text nests arrays/objects deeper than `max`. One pass over the bytes with a
 * counter, before anything parses it: nothing here (or later, in code that walks the parsed
 * value) can recurse as deep as a hostile body would like. Brackets inside strings do not count.
 */
export function jsonDepthExceeds(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** body-parser `verify` hook: refuses a too-deep body before it is parsed (400 request.json_too_deep). */
export function verifyJsonDepth(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonDepthExceeds(body))
    throw Object.assign(new Error(`request body nests deeper than ${MAX_JSON_DEPTH} levels`), {
      status: 400,
      type: 'request.json_too_deep',
    });
}
