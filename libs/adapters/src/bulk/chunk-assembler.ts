import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { FileDigest, HashedFile } from './hashed-file';
import { END_OF_ARCHIVE, padding, tarHeader } from './tar-format';

/** A snapshot entry's compressed data (gzip members) waiting in a spool file. */
export interface SpooledEntry {
  readonly path: string;
  readonly bytes: number;
  readonly lines: number;
}

export interface WrittenChunk {
  readonly index: number;
  /** Staged chunk file. */
  readonly path: string;
  readonly digest: FileDigest;
  readonly bytes: number;
  readonly lines: number;
}

export interface ChunkAssemblerOptions {
  /** Largest uncompressed chunk; whole entries are grouped up to it. */
  readonly chunkBytes: number;
  /** Tar name of chunk n's single entry, e.g. `chunk_0.ndjson`. */
  readonly entryName: (n: number) => string;
  readonly stagePath: (suffix: string) => string;
  /** Entry mtime, epoch seconds. */
  readonly mtime: number;
}

/**
 * Groups consecutive snapshot entries into chunk files: one-entry tar.gz archives of at most
 * `chunkBytes`. The entries' spooled gzip members are concatenated verbatim under one tar header
 * (a multi-member gzip stream), so nothing is compressed twice.
 */
export class ChunkAssembler {
  readonly written: WrittenChunk[] = [];
  private pending: SpooledEntry[] = [];
  private pendingBytes = 0;

  constructor(private readonly opts: ChunkAssemblerOptions) {}

  /** Takes over an entry's spool; first closes the current chunk if the entry would overflow it. */
  async add(entry: SpooledEntry): Promise<void> {
    if (this.pending.length > 0 && this.pendingBytes + entry.bytes > this.opts.chunkBytes) await this.flush();
    this.pending.push(entry);
    this.pendingBytes += entry.bytes;
  }

  /** Writes the pending entries as the next chunk file and removes their spools. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const index = this.written.length;
    const bytes = this.pendingBytes;
    const file = await HashedFile.create(this.opts.stagePath(`chunk-${index}.tar.gz`));
    try {
      await file.write(gzipSync(tarHeader({ name: this.opts.entryName(index), size: bytes, mtime: this.opts.mtime })));
      for (const entry of this.pending) {
        for await (const piece of createReadStream(entry.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
          await file.write(piece);
      }
      await file.write(gzipSync(Buffer.concat([padding(bytes), END_OF_ARCHIVE])));
    } catch (e) {
      await file.abandon();
      await rm(file.path, { force: true });
      throw e;
    }
    const lines = this.pending.reduce((n, e) => n + e.lines, 0);
    this.written.push({ index, path: file.path, digest: await file.close(), bytes, lines });
    await Promise.all(this.pending.map((e) => rm(e.path, { force: true })));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Every staged file it holds (error path). */
  stagedPaths(): string[] {
    return [...this.pending.map((e) => e.path), ...this.written.map((c) => c.path)];
  }
}
