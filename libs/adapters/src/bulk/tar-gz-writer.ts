import { must } from '@okapi/domain';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { BlockCompressor, DEFAULT_BLOCK_BYTES } from './block-compressor';
import { ChunkAssembler, WrittenChunk } from './chunk-assembler';
import { GzipPool } from './gzip-pool';
import { FileDigest, HashedFile } from './hashed-file';
import { END_OF_ARCHIVE, padding, tarHeader } from './tar-format';
import { toError } from '../errors/to-error';

export interface TarGzWriterOptions {
  readonly pool: GzipPool;
  /** Where the archive is written (a staging path; the caller publishes it by rename). */
  readonly path: string;
  /** Returns a fresh staging path for temporary and chunk files. */
  readonly stagePath: (suffix: string) => string;
  /** Largest uncompressed entry; a line is never split, so one longer line gets its own entry. */
  readonly entryBytes: number;
  /** Tar name of entry n (0-based), e.g. `enwiki_namespace_0_0.ndjson`. */
  readonly entryName: (n: number) => string;
  /** When set, consecutive entries are also written as one-entry chunk files with this entry name. */
  readonly chunkEntryName?: (n: number) => string;
  /** Largest uncompressed chunk (whole entries, at least one); default `entryBytes`. */
  readonly chunkBytes?: number;
  /** Entry mtime, epoch seconds. */
  readonly mtime: number;
  readonly blockBytes?: number;
}

export interface WrittenEntry {
  readonly index: number;
  readonly lines: number;
  readonly bytes: number;
}

export interface WrittenArchive {
  readonly path: string;
  readonly digest: FileDigest;
  readonly entries: readonly WrittenEntry[];
  /** Staged chunk files, when chunks are on. */
  readonly chunks: readonly WrittenChunk[];
  readonly lines: number;
}

const NEWLINE = Buffer.from('\n');

/**
 * Streams NDJSON lines into a tar.gz of entries of at most `entryBytes`, hashing as it writes.
 * A tar header needs its entry's size up front, but the size is known only when the entry ends.
 * So each entry's data is compressed (as gzip members, on the pool) into a spool file first; when
 * it closes, a small gzip member holding its header goes to the archive, followed by the spooled
 * members copied verbatim; the same spools then make the chunk files (chunk-assembler.ts).
 * Memory is a few blocks; disk holds up to one compressed chunk of spools extra.
 */
export class TarGzWriter {
  private readonly entries: WrittenEntry[] = [];
  private readonly chunks?: ChunkAssembler;
  /** Entries waiting to be copied into the archive, in order. */
  private copying: Promise<void> = Promise.resolve();
  private copyError?: Error;
  private readonly spools = new Set<string>();
  private spool?: { path: string; file: HashedFile; compressor: BlockCompressor; lines: number };
  private lastEntryBytes = 0;
  private totalLines = 0;

  /** Entries never outgrow a chunk, so a chunk of whole entries respects `chunkBytes`. */
  private readonly entryLimit: number;

  private constructor(
    private readonly opts: TarGzWriterOptions,
    private readonly out: HashedFile,
  ) {
    this.entryLimit = opts.chunkEntryName
      ? Math.min(opts.entryBytes, opts.chunkBytes ?? opts.entryBytes)
      : opts.entryBytes;
    if (opts.chunkEntryName) {
      this.chunks = new ChunkAssembler({
        chunkBytes: opts.chunkBytes ?? opts.entryBytes,
        entryName: opts.chunkEntryName,
        stagePath: opts.stagePath,
        mtime: opts.mtime,
      });
    }
  }

  static async create(opts: TarGzWriterOptions): Promise<TarGzWriter> {
    return new TarGzWriter(opts, await HashedFile.create(opts.path));
  }

  /** Appends one NDJSON line (without its newline). */
  async writeLine(line: string): Promise<void> {
    if (this.copyError) throw this.copyError;
    if (line.length === 0) return;
    const used = this.spool?.compressor.bytesIn ?? 0;
    // Exact UTF-8 length only near the limit: 3 bytes per UTF-16 unit is an upper bound.
    const limit = this.entryLimit;
    if (used > 0 && used + line.length * 3 + 1 > limit && used + Buffer.byteLength(line) + 1 > limit) {
      await this.closeEntry();
    }
    const spool = this.spool ?? (await this.openEntry());
    await spool.compressor.writeString(line);
    await spool.compressor.write(NEWLINE);
    spool.lines++;
    this.totalLines++;
  }

  async finish(): Promise<WrittenArchive> {
    if (this.spool) await this.closeEntry();
    await this.copying;
    await this.chunks?.flush();
    await this.out.write(gzipSync(Buffer.concat([padding(this.lastEntryBytes), END_OF_ARCHIVE])));
    const digest = await this.out.close();
    return {
      path: this.opts.path,
      digest,
      entries: this.entries,
      chunks: this.chunks?.written ?? [],
      lines: this.totalLines,
    };
  }

  /** Removes everything staged (error path). */
  async abort(): Promise<void> {
    await this.copying.catch(() => undefined);
    await this.out.abandon();
    if (this.spool) {
      await this.spool.file.abandon();
      this.spools.add(this.spool.path);
    }
    const paths = [this.opts.path, ...this.spools, ...(this.chunks?.stagedPaths() ?? [])];
    await Promise.all(paths.map((p) => rm(p, { force: true })));
  }

  private async openEntry(): Promise<NonNullable<TarGzWriter['spool']>> {
    const path = this.opts.stagePath(`entry-${this.entries.length}.spool`);
    const file = await HashedFile.create(path, { scratch: true });
    const compressor = new BlockCompressor(
      this.opts.pool,
      (m) => file.write(m),
      this.opts.blockBytes ?? DEFAULT_BLOCK_BYTES,
    );
    this.spool = { path, file, compressor, lines: 0 };
    return this.spool;
  }

  private async closeEntry(): Promise<void> {
    const spool = must(this.spool, 'the open tar entry');
    this.spool = undefined;
    const bytes = spool.compressor.bytesIn;
    await spool.compressor.flush();
    await spool.file.close();
    const index = this.entries.length;
    const previousBytes = this.lastEntryBytes;
    this.entries.push({ index, lines: spool.lines, bytes });
    this.lastEntryBytes = bytes;
    this.spools.add(spool.path);
    // Copying entry k into the archive (in order) overlaps compressing entry k+1 into its own spool.
    this.copying = this.copying.then(() => this.copyEntry(index, bytes, previousBytes, spool.path));
    this.copying.catch((e: unknown) => (this.copyError ??= toError(e)));
  }

  private async copyEntry(index: number, bytes: number, previousBytes: number, spoolPath: string): Promise<void> {
    const header = tarHeader({ name: this.opts.entryName(index), size: bytes, mtime: this.opts.mtime });
    await this.out.write(gzipSync(Buffer.concat([padding(previousBytes), header])));
    for await (const piece of createReadStream(spoolPath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
      await this.out.write(piece);
    // The spool's members serve the chunk file too; otherwise it is done.
    if (this.chunks) await this.chunks.add({ path: spoolPath, bytes, lines: this.entries[index].lines });
    else await rm(spoolPath, { force: true });
    this.spools.delete(spoolPath);
  }
}
