/** One NDJSON line with its 1-based line number within its file or tar entry. */
export interface NumberedLine {
  readonly text: string;
  readonly lineNo: number;
  /** Byte offset just past this line (and its newline) in its file or tar entry. */
  readonly end: number;
}

/**
 * Splits a byte stream into lines without a length cap: WME article lines can exceed 1 MB
 * (full Parsoid HTML). Buffers are joined only for the line that spans chunks, and bytes are
 * decoded per whole line, so a multi-byte character cut by a chunk boundary stays intact.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<NumberedLine> {
  let carry: Buffer[] = [];
  let lineNo = 0;
  let offset = 0;
  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const chunkStart = offset;
    offset += chunk.length;
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      const line = carry.length ? Buffer.concat([...carry, piece]) : piece;
      carry = [];
      start = nl + 1;
      lineNo++;
      const text = line.toString('utf8').replace(/\r$/, '');
      if (text.trim() !== '') yield { text, lineNo, end: chunkStart + nl + 1 };
    }
    if (start < chunk.length) carry.push(chunk.subarray(start));
  }
  if (carry.length) {
    const text = Buffer.concat(carry).toString('utf8');
    lineNo++;
    if (text.trim() !== '') yield { text, lineNo, end: offset };
  }
}
