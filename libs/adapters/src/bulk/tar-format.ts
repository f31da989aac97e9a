/**
 * The few bytes of POSIX ustar we emit. Writing headers ourselves (instead of through tar-stream's
 * pack) lets an entry's header be produced after its data has streamed and its size is known:
 * see tar-gz-writer.ts.
 */
export const BLOCK = 512;

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

export interface TarEntryHeader {
  readonly name: string;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
}

function octal(buf: Buffer, value: number, offset: number, width: number): void {
  // width-1 octal digits, NUL terminated; sizes up to 8 GiB fit the 12-byte field.
  const digits = value.toString(8).padStart(width - 1, '0');
  if (digits.length > width - 1) throw new RangeError(`tar field overflow: ${value}`);
  buf.write(digits, offset, width - 1, 'ascii');
  buf[offset + width - 1] = 0;
}

export function tarHeader(entry: TarEntryHeader): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length > 100) throw new RangeError(`tar entry name longer than 100 bytes: ${entry.name}`);
  const h = Buffer.alloc(BLOCK);
  name.copy(h, 0);
  octal(h, 0o644, 100, 8);
  octal(h, 0, 108, 8);
  octal(h, 0, 116, 8);
  octal(h, entry.size, 124, 12);
  octal(h, Math.floor(entry.mtime), 136, 12);
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\u000000', 257, 'binary');
  h.write('okapi', 265, 'ascii');
  h.write('okapi', 297, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  octal(h, sum, 148, 7);
  h[155] = 0x20;
  return h;
}

/** Zero bytes that pad an entry of `size` bytes to a whole block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}
