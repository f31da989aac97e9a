import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, pipeline } from 'node:stream';
import { DumpError } from './dump.errors';
import { GzipMembers } from './gzip-members';

export type DumpCompression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'lzma';

/**
 * `auto`: a system tool when on PATH (lbzip2/bzip2: 4-10x faster than JS; xz), else the npm
 * decoder (pure-JS bzip2; lzma-native for xz/lzma). `js`: always the npm decoder.
 */
export type Bzip2Decoder = 'auto' | 'js';

export interface DumpInput {
  readonly file: string;
  readonly compression: DumpCompression;
  /** What decodes bzip2 (`lbzip2`, `bzip2`, `js`) or xz/lzma (`xz`, `lzma-native`); undefined otherwise. */
  readonly decoder?: string;
  /** Size of the file on disk (compressed bytes). */
  readonly sizeBytes: number;
  /** Compressed bytes read so far, for progress. */
  bytesRead(): number;
  /** Decompressed bytes. Pulled, so a slow consumer pauses the file read (backpressure). */
  readonly chunks: AsyncIterable<Buffer>;
  /**
   * Decompressed bytes already covered by a verified checksum: gzip, through the last member whose
   * trailer matched; bzip2, all but the newest block's worth (48 MiB), since a decoder stops at
   * the first block whose CRC fails; xz, everything once the decoder finished cleanly, nothing
   * before; plain XML, everything yielded.
   */
  verifiedBytes(): number;
}

// Small enough that a batch overshoots its page count by little, big enough for syscall overhead to vanish.
const READ_CHUNK = 256 * 1024;

/** Opens a dump, detecting gzip / bzip2 / xz / lzma by their headers (extensions lie). */
export async function openDumpInput(file: string, bzip2: Bzip2Decoder = 'auto'): Promise<DumpInput> {
  const size = await fileSize(file);
  const compression = detectCompression(await readHead(file));
  const source = createReadStream(file, { highWaterMark: READ_CHUNK });
  const base = { file, compression, sizeBytes: size, bytesRead: () => source.bytesRead };
  if (compression === 'gzip') {
    const members = new GzipMembers(file, source);
    return { ...base, chunks: members.chunks(), verifiedBytes: () => members.verifiedBytes };
  }
  if (compression === 'none') return { ...base, chunks: source, verifiedBytes: () => Infinity };
  if (compression === 'xz' || compression === 'lzma')
    return verifiedAtEnd(openXz(file, source, base, compression, bzip2));
  const tool = bzip2 === 'auto' ? systemBzip2() : undefined;
  if (tool)
    return verifiedBehind(BZIP2_BLOCK_OUTPUT_MAX, {
      ...base,
      decoder: tool,
      chunks: viaChildProcess(file, source, tool),
    });
  return verifiedBehind(BZIP2_BLOCK_OUTPUT_MAX, { ...base, decoder: 'js', chunks: viaJsBunzip(file, source) });
}

/**
 * Most bytes one bzip2 block can decode to: at most 900,000 bytes after the format's first
 * run-length stage, which expands by at most 255/5. A decoder checks a block's CRC at the block's
 * end and stops there on a mismatch, so any output more than this far behind the newest is from
 * blocks whose CRCs matched (the JS decoder even emits a block only after its check).
 */
const BZIP2_BLOCK_OUTPUT_MAX = 48 * 1024 * 1024;

/** Verified up to `lag` bytes behind the newest output; all of it once the decoder ended cleanly. */
function verifiedBehind(lag: number, input: Omit<DumpInput, 'verifiedBytes'>): DumpInput {
  let finished = false;
  let yielded = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of input.chunks) {
      yielded += chunk.length;
      yield chunk;
    }
    finished = true;
  }
  return { ...input, chunks: chunks(), verifiedBytes: () => (finished ? Infinity : Math.max(0, yielded - lag)) };
}

/** Verified only once the decoder has read the whole file without an error (xz blocks can span the file). */
function verifiedAtEnd(input: Omit<DumpInput, 'verifiedBytes'>): DumpInput {
  return verifiedBehind(Infinity, input);
}

export function detectCompression(head: Buffer): DumpCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (isXzHeader(head)) return 'xz';
  if (isLzmaAloneHeader(head)) return 'lzma';
  return 'none';
}

async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new DumpError('dump.invalid', `${file} is not a regular file`, file);
    return s.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DumpError('dump.not_found', `no such file: ${file}`, file);
    throw e;
  }
}

async function readHead(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(13);
    const { bytesRead } = await fh.read(buf, 0, 13, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Pipes through a decoder; a corrupt or cut-off stream surfaces as a DumpError naming the file. */
async function* decoded(
  file: string,
  source: ReadStream,
  decoder: NodeJS.ReadWriteStream,
  kind: string,
): AsyncGenerator<Buffer> {
  const out = new PassThrough({ highWaterMark: READ_CHUNK });
  pipeline(source, decoder, out, () => undefined);
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (e) {
    throw decompressionFailed(file, kind, (e as Error).message, source.bytesRead);
  } finally {
    source.destroy();
  }
}

async function* viaChildProcess(
  file: string,
  source: ReadStream,
  tool: string,
  kind: DumpCompression = 'bzip2',
): AsyncGenerator<Buffer> {
  const child = spawn(tool, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((res) => child.once('close', (code) => res(code)));
  const stderr: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => stderr.push(d));
  // EPIPE when the tool gives up early is expected: its exit status tells the real story.
  pipeline(source, child.stdin, () => undefined);
  let finished = false;
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    finished = true;
    if (code !== 0)
      throw decompressionFailed(
        file,
        kind,
        Buffer.concat(stderr).toString('utf8').trim() || `${tool} exited with ${code}`,
        source.bytesRead,
      );
  } finally {
    source.destroy();
    if (!finished) child.kill();
  }
}

/**
 * `offset`: compressed bytes read when the decoder gave up. The bad block starts before it (the
 * decoder reads ahead by up to a block and a read buffer).
 */
function decompressionFailed(file: string, kind: string, detail: string, offset?: number): DumpError {
  const firstLine = detail.split('\n')[0].replace(/;$/, '');
  const why = firstLine.replace(/^[a-z0-9]+: (\(stdin\): )?/i, '');
  const what =
    kind === 'bzip2'
      ? `corrupt bz2 block before byte offset ${offset ?? 0}`
      : `${kind} data is corrupt or truncated${offset === undefined ? '' : ` before byte offset ${offset}`}`;
  return new DumpError('dump.decompression_failed', `${file}: ${what} (${why}); nothing unverified was imported`, file);
}

/** unbzip2-stream is a classic `through` stream: legacy pipe for backpressure, errors forwarded by hand. */
async function* viaJsBunzip(file: string, source: ReadStream): AsyncGenerator<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the JS bunzip2 fallback loads only when no system bzip2 is there.
  const bz = (require('unbzip2-stream') as () => NodeJS.ReadWriteStream)();
  const out = new PassThrough({ highWaterMark: READ_CHUNK });
  source.on('error', (e) => out.destroy(e));
  bz.on('error', (e: Error) => out.destroy(e));
  source.pipe(bz).pipe(out);
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (e) {
    // The JS decoder reads past its buffer on a cut-off block and fails with a TypeError.
    throw decompressionFailed(
      file,
      'bzip2',
      e instanceof TypeError ? 'unexpected end of data' : (e as Error).message,
      source.bytesRead,
    );
  } finally {
    source.destroy();
  }
}

let bzip2Tool: string | null | undefined;

/** The first of lbzip2 (parallel) / bzip2 that runs here; probed once per process. */
function systemBzip2(): string | undefined {
  if (bzip2Tool === undefined) {
    bzip2Tool =
      ['lbzip2', 'bzip2'].find((name) => spawnSync(name, ['--help'], { stdio: 'ignore' }).error === undefined) ?? null;
  }
  return bzip2Tool ?? undefined;
}

/** `.xz`: the stream header magic FD 37 7A 58 5A 00. */
function isXzHeader(h: Buffer): boolean {
  return h.length >= 6 && h[0] === 0xfd && h.toString('latin1', 1, 5) === '7zXZ' && h[5] === 0;
}

/**
 * Legacy `.lzma` ("LZMA alone", what the wikiwho history sample uses) has no magic: 13 header
 * bytes of properties (lc/lp/pb < 225), a dictionary size and the uncompressed size. Accepted only
 * when they look like what xz/7-Zip write (dictionary 2^n or 2^n + 2^(n-1), size unknown or
 * < 2^48), as liblzma's own auto-detection does; XML text never does (`<?xm` is no dictionary size).
 */
function isLzmaAloneHeader(h: Buffer): boolean {
  if (h.length < 13 || h[0] >= 225) return false;
  const dict = h.readUInt32LE(1);
  const n = 31 - Math.clz32(dict);
  const plausibleDict = dict >= 4096 && (dict === 2 ** n || dict === 2 ** n + 2 ** (n - 1));
  const unknownSize = h.subarray(5, 13).every((b) => b === 0xff);
  return plausibleDict && (unknownSize || h.readUInt16LE(11) === 0);
}

/** `auto`: system `xz` when on PATH (it reads .xz and .lzma), else lzma-native (liblzma prebuilt for Node). */
function openXz(
  file: string,
  source: ReadStream,
  base: Omit<DumpInput, 'chunks' | 'compression' | 'verifiedBytes'>,
  compression: 'xz' | 'lzma',
  decoder: Bzip2Decoder,
): Omit<DumpInput, 'verifiedBytes'> {
  if (decoder === 'auto' && systemTool('xz'))
    return { ...base, compression, decoder: 'xz', chunks: viaChildProcess(file, source, 'xz', compression) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native module, loaded only for .xz dumps without a system xz.
  const lzma = require('lzma-native') as { createDecompressor(): NodeJS.ReadWriteStream };
  return {
    ...base,
    compression,
    decoder: 'lzma-native',
    chunks: decoded(file, source, lzma.createDecompressor(), compression),
  };
}

const probed = new Map<string, boolean>();

function systemTool(name: string): boolean {
  let found = probed.get(name);
  if (found === undefined)
    probed.set(name, (found = spawnSync(name, ['--help'], { stdio: 'ignore' }).error === undefined));
  return found;
}
