import { decodeCharData, geometryOf, TextGeometry } from './xml-char-data';

/** Where the lifter sends what it reads: the XML parser, and the text it lifted out. */
export interface LiftedTextSink {
  /** Feeds XML to the parser. */
  xml(text: string): void;
  /** True when the XML fed last ended with the start tag of a `<text>` element (saxes' own verdict). */
  openedText(): boolean;
  /**
   * The decoded content of that element, called after its line feeds went through `xml` (so
   * saxes still counts lines); the sink adds `lastLineColumns` to columns it reports on this line.
   */
  lifted(text: string, geometry: TextGeometry): void;
}

const OPEN = '<text';
const CLOSE = '</text>';
/** A start tag longer than this is not MediaWiki's: let saxes read it. */
const MAX_START_TAG = 4096;
/** Content held before giving up on lifting (saxes then reads it, as it always could). */
const MAX_LIFT_CHARS = 32 * 1024 * 1024;

/**
 * The fast path of the dump parser. saxes reads XML one character at a time (~45 MB/s here),
 * and nearly all of a dump's bytes are revision wikitext in `<text>` elements. This takes that
 * character data out before saxes sees it: `indexOf` finds where it ends, `decodeCharData` decodes
 * it, and saxes gets only its line feeds, so it still counts lines; the sink shifts columns on the
 * line where the text ended, so every position reported later is still the file's. saxes still
 * reads every tag and decides
 * whether a `<text>` start tag is real (not inside a comment or CDATA); content that is not plain
 * character data ending in `</text>` (CDATA, comments, CR, forbidden characters, unknown entities)
 * goes to saxes unchanged, so it decodes or rejects exactly as before.
 */
export class DumpTextLifter {
  /** Unread tail (a partial start tag, or `<` near a chunk's end) to put before the next chunk. */
  private carry = '';
  private inContent = false;
  private held: string[] = [];
  private heldChars = 0;

  constructor(private readonly sink: LiftedTextSink) {}

  write(chunk: string): void {
    const s = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    let pos = 0;
    while (pos <= s.length) {
      pos = this.inContent ? this.readContent(s, pos) : this.readMarkup(s, pos);
      if (pos < 0) return;
    }
  }

  /** Everything still held goes to the parser as it is. */
  end(): void {
    const rest = (this.inContent ? this.held.join('') : '') + this.carry;
    this.inContent = false;
    this.held = [];
    this.carry = '';
    if (rest !== '') this.sink.xml(rest);
  }

  /** Up to the next `<text` start tag; returns where to go on, or -1 when the chunk is used up. */
  private readMarkup(s: string, pos: number): number {
    const open = s.indexOf(OPEN, pos);
    if (open < 0) {
      const keep = partialSuffix(s, OPEN);
      this.feed(s.slice(pos, s.length - keep));
      this.carry = s.slice(s.length - keep);
      return -1;
    }
    const gt = s.indexOf('>', open + OPEN.length);
    if (gt < 0) {
      if (s.length - open > MAX_START_TAG) return (this.feed(s.slice(pos)), -1);
      this.feed(s.slice(pos, open));
      this.carry = s.slice(open);
      return -1;
    }
    this.feed(s.slice(pos, gt + 1));
    if (this.sink.openedText()) this.inContent = true;
    return gt + 1;
  }

  /** Content of a `<text>` element up to the next `<`; returns where to go on, or -1. */
  private readContent(s: string, pos: number): number {
    const lt = s.indexOf('<', pos);
    if (lt < 0) return (this.hold(s.slice(pos)), -1);
    this.hold(s.slice(pos, lt));
    if (!this.inContent) return lt; // gave up: the rest is markup again
    if (lt + CLOSE.length > s.length) {
      this.carry = s.slice(lt); // cannot tell `</text>` yet
      return -1;
    }
    this.finishContent(s.startsWith(CLOSE, lt));
    return lt;
  }

  private hold(piece: string): void {
    if (piece === '') return;
    this.held.push(piece);
    this.heldChars += piece.length;
    if (this.heldChars > MAX_LIFT_CHARS) this.release();
  }

  private finishContent(closed: boolean): void {
    const content = this.held.length === 1 ? this.held[0] : this.held.join('');
    this.inContent = false;
    this.held = [];
    this.heldChars = 0;
    const decoded = closed ? decodeCharData(content) : undefined;
    if (decoded === undefined) return this.feed(content);
    const geometry = geometryOf(content);
    this.feed('\n'.repeat(geometry.lines));
    this.sink.lifted(decoded, geometry);
  }

  /** Stops lifting the current element: what is held goes to saxes. */
  private release(): void {
    this.inContent = false;
    const held = this.held.join('');
    this.held = [];
    this.heldChars = 0;
    this.feed(held);
  }

  private feed(xml: string): void {
    if (xml !== '') this.sink.xml(xml);
  }
}

/** Length of the longest end of `s` that begins `token` (a token split across chunks). */
function partialSuffix(s: string, token: string): number {
  for (let k = Math.min(token.length - 1, s.length); k > 0; k--) if (s.endsWith(token.slice(0, k))) return k;
  return 0;
}
