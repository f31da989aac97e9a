/**
 * Decoding of XML character data (the text between tags) outside the XML parser, for the dump
 * parser's fast path. Deliberately strict: anything this does not decode exactly as an XML 1.0
 * parser would (carriage returns, which XML normalises; characters XML forbids; `]]>`; entities
 * other than the five predefined ones and valid character references) returns `undefined`, and
 * the caller hands the text to saxes, which then decodes it or reports the error with its position.
 */

/**
 * What only the XML parser may judge: CR (line-end normalisation), what XML 1.1 treats as line
 * ends or restricted characters (NEL, LS, C1 controls), non-Chars, lone surrogates. A plain class
 * first (V8 scans it several times faster than the exact pattern), the exact one when it matches.
 */
// eslint-disable-next-line no-control-regex -- the control characters XML restricts are what it looks for.
const SUSPECT = /[\r\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\uD800-\uDFFF\uFFFE\uFFFF]/;
const NEEDS_PARSER =
  // eslint-disable-next-line no-control-regex -- as SUSPECT, exactly.
  /[\r\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DECIMAL_REF = /^#[0-9]{1,7}$/;
const HEX_REF = /^#x[0-9a-fA-F]{1,6}$/;
/** Longest reference worth looking at: `&#x10FFFF;` and `&#1114111;` have 8 characters inside. */
const MAX_REF = 9;

/** `text` with entity and character references decoded, or undefined when saxes must decide. */
export function decodeCharData(text: string): string | undefined {
  if (text.includes(']]>') || (SUSPECT.test(text) && NEEDS_PARSER.test(text))) return undefined;
  let amp = text.indexOf('&');
  if (amp < 0) return text;
  let out = '';
  let done = 0;
  while (amp >= 0) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp - 1 > MAX_REF) return undefined;
    const ch = referenced(text.slice(amp + 1, semi));
    if (ch === undefined) return undefined;
    out += text.slice(done, amp) + ch;
    done = semi + 1;
    amp = text.indexOf('&', done);
  }
  return out + text.slice(done);
}

function referenced(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  let code: number;
  if (DECIMAL_REF.test(name)) code = Number(name.slice(1));
  else if (HEX_REF.test(name)) code = parseInt(name.slice(2), 16);
  else return undefined;
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}

/** XML 1.0 `Char` (production 2). */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Where `text` ends, as saxes counts positions: lines by LF, columns by code point. */
export interface TextGeometry {
  /** Line feeds in the text. */
  readonly lines: number;
  /** Code points after the last line feed. */
  readonly lastLineColumns: number;
}

export function geometryOf(text: string): TextGeometry {
  let lines = 0;
  let lastLineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    lines++;
    lastLineStart = nl + 1;
  }
  let columns = text.length - lastLineStart;
  for (let i = lastLineStart; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) columns--; // a surrogate pair is one code point
  }
  return { lines, lastLineColumns: columns };
}
