import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { ndjsonLines } from './ndjson-lines';

/** One NDJSON line of a snapshot and where it came from (for error messages). */
export interface SnapshotLine {
  /** `file` for plain NDJSON, `file:entry` inside a tarball. */
  readonly where: string;
  readonly lineNo: number;
  readonly text: string;
  /** Byte offset just past this line in its file or tar entry (uncompressed). */
  readonly end: number;
}

export class SnapshotFormatError extends Error {
  constructor(
    message: string,
    /** Compressed bytes read from the file when the damage was found. */
    readonly compressedOffset?: number,
  ) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

/**
 * Reads a WME snapshot or batch: `.tar.gz` whose entries are NDJSON files (WME splits large
 * snapshots into `{id}_{n}.ndjson` entries; every regular entry is read), or plain NDJSON,
 * optionally gzipped. The format is sniffed from the bytes, not the file name.
 */
export async function* readSnapshot(file: string): AsyncGenerator<SnapshotLine> {
  const kind = sniff(file);
  if (kind === 'ndjson') {
    for await (const l of ndjsonLines(createReadStream(file))) yield { where: file, ...l };
    return;
  }
  const source = createReadStream(file);
  const unzipped = source.pipe(createGunzip());
  // A damaged or cut-off gzip fails the read; every whole line before it has been yielded.
  const damaged = (e: Error): SnapshotFormatError => new SnapshotFormatError(`${file}: ${e.message}`, source.bytesRead);
  if (kind === 'ndjson.gz') {
    try {
      for await (const l of ndjsonLines(unzipped)) yield { where: file, ...l };
    } catch (e) {
      throw e instanceof SnapshotFormatError ? e : damaged(e as Error);
    }
    return;
  }
  const tar = extract();
  unzipped.on('error', (e) => tar.destroy(damaged(e)));
  unzipped.pipe(tar);
  for await (const entry of tar) {
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const where = `${file}:${entry.header.name}`;
    for await (const l of ndjsonLines(entry as unknown as Readable)) yield { where, ...l };
  }
}

/** gzip magic 1f 8b; inside it, a tar has "ustar" at offset 257 of its first header block. */
function sniff(file: string): 'ndjson' | 'ndjson.gz' | 'tar.gz' {
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return 'ndjson';
  let inner: Buffer;
  try {
    inner = gunzipSync(head.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    throw new SnapshotFormatError(`${file}: not a readable gzip file (${(e as Error).message})`);
  }
  return inner.length >= 262 && inner.subarray(257, 262).toString('latin1') === 'ustar' ? 'tar.gz' : 'ndjson.gz';
}
