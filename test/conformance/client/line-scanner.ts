import { Readable } from 'node:stream';

/**
 * Go's bufio.Scanner with ScanLines, as the Go SDK sets it up (`scn.Buffer([]byte{}, 20971520)`):
 * splits on `\n`, drops one trailing `\r`, yields empty lines as empty tokens, yields a final
 * line without newline at EOF, and fails with `bufio.Scanner: token too long` when a line
 * exceeds the buffer (20 MiB: single Articles can exceed 1 MB).
 */
export const SCANNER_BUFFER_SIZE = 20_971_520;

export class TokenTooLongError extends Error {
  constructor() {
    super('bufio.Scanner: token too long');
  }
}

export async function* scanLines(
  source: Readable | AsyncIterable<Buffer>,
  max = SCANNER_BUFFER_SIZE,
): AsyncIterable<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf(10, at);
      if (nl < 0) break;
      const piece = chunk.subarray(at, nl);
      const line = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      if (line.length > max) throw new TokenTooLongError();
      yield line.length && line[line.length - 1] === 13 ? line.subarray(0, -1) : line;
      at = nl + 1;
    }
    if (at < chunk.length) {
      pending.push(chunk.subarray(at));
      pendingBytes += chunk.length - at;
      if (pendingBytes > max) throw new TokenTooLongError();
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/** httpx `iter_lines` as the Python SDK reads streams: `\n`, `\r\n` or `\r` end a line. */
export async function* iterLines(source: Readable | AsyncIterable<Buffer>): AsyncIterable<string> {
  for await (const line of scanLines(source, Number.MAX_SAFE_INTEGER)) {
    for (const part of line.toString('utf8').split('\r')) yield part;
  }
}
