import { ReadStream } from 'node:fs';
import { createInflateRaw, crc32 } from 'node:zlib';
import { DumpError } from './dump.errors';

/**
 * gzip, one member at a time (RFC 1952; multi-member files are what `cat a.gz b.gz` and parallel
 * compressors write). Each member's output is yielded as it inflates, but only counted as verified
 * (`verifiedBytes`) once the member's trailer matched: CRC-32 and length of exactly that output.
 * A damaged member fails with "corrupt gzip member N at byte offset X" (X: where the member
 * starts in the file), before anything after it is yielded.
 */
export class GzipMembers {
  /** Decompressed bytes covered by a verified member trailer. */
  verifiedBytes = 0;

  constructor(
    private readonly file: string,
    private readonly source: ReadStream,
  ) {}

  async *chunks(): AsyncGenerator<Buffer> {
    const input = this.source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let pending: Buffer = Buffer.alloc(0);
    let ended = false;
    const more = async (): Promise<boolean> => {
      if (ended) return false;
      const next = await input.next();
      if (next.done) return !(ended = true);
      pending = pending.length ? Buffer.concat([pending, next.value]) : next.value;
      return true;
    };
    let offset = 0;
    let total = 0;
    try {
      for (let member = 1; ; member++) {
        while (pending.length < 1 && (await more()));
        if (pending.length === 0) return;
        const fail = (why: string): DumpError => corruptMember(this.file, member, offset, why);
        let header = headerLength(pending);
        while (header === 'short' && (await more())) header = headerLength(pending);
        if (header === 'short') throw fail('the file ends inside the member header');
        if (header === 'bad') {
          // Zero padding after the last member (tape-era tools write it) is not a member.
          while (pending.every((b) => b === 0) && (await more()));
          if (pending.every((b) => b === 0)) return;
          throw fail('not a gzip member header');
        }
        pending = pending.subarray(header);
        const inflated = yield* this.inflate(
          () => pending,
          more,
          fail,
          (rest) => (pending = rest),
        );
        while (pending.length < 8 && (await more()));
        if (pending.length < 8) throw fail('the file ends before the member trailer (truncated)');
        if (pending.readUInt32LE(0) !== inflated.crc) throw fail('CRC-32 mismatch');
        if (pending.readUInt32LE(4) !== inflated.length % 2 ** 32) throw fail('length mismatch');
        pending = pending.subarray(8);
        total += inflated.length;
        this.verifiedBytes = total;
        offset += header + inflated.consumed + 8;
      }
    } finally {
      this.source.destroy();
    }
  }

  /** Inflates one raw deflate stream from `pending` (and more input), yielding its output. */
  private async *inflate(
    pending: () => Buffer,
    more: () => Promise<boolean>,
    fail: (why: string) => DumpError,
    setPending: (rest: Buffer) => void,
  ): AsyncGenerator<Buffer, { crc: number; length: number; consumed: number }> {
    const inflater = createInflateRaw();
    const out: Buffer[] = [];
    let done = false;
    let error: Error | undefined;
    inflater.on('data', (d: Buffer) => out.push(d));
    inflater.on('end', () => (done = true));
    inflater.on('error', (e) => (error = e));
    let crc = 0;
    let length = 0;
    let fed = 0;
    let input = pending();
    for (;;) {
      if (input.length > 0) {
        await new Promise<void>((resolve) => {
          const settle = (): void => resolve();
          inflater.once('end', settle);
          inflater.once('error', settle);
          inflater.write(input, () => {
            inflater.off('end', settle);
            inflater.off('error', settle);
            resolve();
          });
        });
        fed += input.length;
      }
      // Let 'end' / 'error' emitted after the write callback arrive.
      await new Promise<void>((r) => setImmediate(r));
      if (error) throw fail(error.message);
      for (const chunk of out.splice(0)) {
        crc = crc32(chunk, crc);
        length += chunk.length;
        yield chunk;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the inflater's 'end' handler, which narrowing does not follow (TypeScript#9998).
      if (done) break;
      setPending(Buffer.alloc(0));
      if (!(await more())) {
        inflater.end();
        await new Promise<void>((r) => setImmediate(r));
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- as above: 'end' may have come during the awaits.
        if (!done) throw fail('the file ends inside the compressed data (truncated)');
      }
      input = pending();
    }
    const consumed = inflater.bytesWritten;
    // Bytes fed past the end of this member: the trailer and what follows it.
    const all = pending();
    const unusedInLastInput = fed - consumed;
    setPending(all.subarray(all.length - unusedInLastInput));
    return { crc, length, consumed };
  }
}

/** Length of the member header at the start of `b`, `short` if more bytes are needed, `bad` if not gzip. */
function headerLength(b: Buffer): number | 'short' | 'bad' {
  if (b.length < 10) return b.length >= 2 && (b[0] !== 0x1f || b[1] !== 0x8b) ? 'bad' : 'short';
  if (b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return 'bad';
  const flags = b[3];
  let at = 10;
  if (flags & 4) {
    if (b.length < at + 2) return 'short';
    at += 2 + b.readUInt16LE(at);
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      const zero = b.indexOf(0, at);
      if (zero < 0) return 'short';
      at = zero + 1;
    }
  }
  if (flags & 2) at += 2;
  return b.length < at ? 'short' : at;
}

function corruptMember(file: string, member: number, offset: number, why: string): DumpError {
  return new DumpError(
    'dump.decompression_failed',
    `${file}: corrupt gzip member ${member} at byte offset ${offset} (${why}); nothing from it was imported`,
    file,
  );
}
