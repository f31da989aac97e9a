import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DumpError } from './dump.errors';

export type DumpCompression = 'none' | 'gzip' | 'bzip2';

/** `auto`: system lbzip2/bzip2 when on PATH (4-10x faster than JS), else the pure-JS decoder. */
export type Bzip2Decoder = 'auto' | 'js';

export interface DumpInput {
  readonly file: string;
  readonly compression: DumpCompression;
  /** What decodes bzip2 (`lbzip2`, `bzip2`, `js`); undefined for other compressions. */
  readonly decoder?: string;
  /** Size of the file on disk (compressed bytes). */
  readonly sizeBytes: number;
  /** Compressed bytes read so far, for progress. */
  bytesRead(): number;
  /** Decompressed bytes. Pulled, so a slow consumer pauses the file read (backpressure). */
  readonly chunks: AsyncIterable<Buffer>;
}

// Small enough that a batch overshoots its page count by little, big enough for syscall overhead to vanish.
const READ_CHUNK = 256 * 1024;

/** Opens a dump, detecting gzip / bzip2 by magic bytes (extensions lie). */
export async function openDumpInput(file: string, bzip2: Bzip2Decoder = 'auto'): Promise<DumpInput> {
  const size = await fileSize(file);
  const compression = detectCompression(await readHead(file));
  const source = createReadStream(file, { highWaterMark: READ_CHUNK });
  const base = { file, compression, sizeBytes: size, bytesRead: () => source.bytesRead };
  if (compression === 'gzip')
    return { ...base, chunks: decoded(file, source, createGunzip({ chunkSize: READ_CHUNK }), 'gzip') };
  if (compression === 'none') return { ...base, chunks: source };
  const tool = bzip2 === 'auto' ? systemBzip2() : undefined;
  if (tool) return { ...base, decoder: tool, chunks: viaChildProcess(file, source, tool) };
  return { ...base, decoder: 'js', chunks: viaJsBunzip(file, source) };
}

export function detectCompression(head: Buffer): DumpCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
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
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
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
    throw decompressionFailed(file, kind, (e as Error).message);
  } finally {
    source.destroy();
  }
}

async function* viaChildProcess(file: string, source: ReadStream, tool: string): AsyncGenerator<Buffer> {
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
        'bzip2',
        Buffer.concat(stderr).toString('utf8').trim() || `${tool} exited with ${code}`,
      );
  } finally {
    source.destroy();
    if (!finished) child.kill();
  }
}

function decompressionFailed(file: string, kind: string, detail: string): DumpError {
  const firstLine = detail.split('\n')[0].replace(/;$/, '');
  const why = firstLine.replace(/^[a-z0-9]+: (\(stdin\): )?/i, '');
  return new DumpError('dump.decompression_failed', `${file}: ${kind} data is corrupt or truncated (${why})`, file);
}

/** unbzip2-stream is a classic `through` stream: legacy pipe for backpressure, errors forwarded by hand. */
async function* viaJsBunzip(file: string, source: ReadStream): AsyncGenerator<Buffer> {
  const bz = (require('unbzip2-stream') as () => NodeJS.ReadWriteStream)();
  const out = new PassThrough({ highWaterMark: READ_CHUNK });
  source.on('error', (e) => out.destroy(e));
  bz.on('error', (e: Error) => out.destroy(e));
  source.pipe(bz).pipe(out);
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (e) {
    // The JS decoder reads past its buffer on a cut-off block and fails with a TypeError.
    throw decompressionFailed(file, 'bzip2', e instanceof TypeError ? 'unexpected end of data' : (e as Error).message);
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
