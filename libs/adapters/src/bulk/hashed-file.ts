import { createHash, Hash } from 'node:crypto';
import { FileHandle, open } from 'node:fs/promises';

export interface FileDigest {
  readonly bytes: number;
  /** MD5 hex of the whole file: WME's `version` and our ETag. */
  readonly md5: string;
  readonly sha256: string;
}

/** An append-only file that hashes (md5 + sha256) and counts every byte as it is written. */
export class HashedFile {
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash = createHash('sha256');
  private bytes = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly scratch: boolean,
  ) {}

  /** `scratch`: a temporary file, neither hashed nor synced. */
  static async create(path: string, options: { scratch?: boolean } = {}): Promise<HashedFile> {
    return new HashedFile(path, await open(path, 'w'), options.scratch ?? false);
  }

  async write(buf: Uint8Array): Promise<void> {
    if (buf.byteLength === 0) return;
    if (!this.scratch) {
      this.md5.update(buf);
      this.sha256.update(buf);
    }
    this.bytes += buf.byteLength;
    let done = 0;
    while (done < buf.byteLength) {
      const { bytesWritten } = await this.handle.write(buf, done, buf.byteLength - done);
      done += bytesWritten;
    }
  }

  /** Flushes to disk (so a rename that publishes it never exposes a torn file) and closes. */
  async close(): Promise<FileDigest> {
    if (!this.scratch) await this.handle.sync();
    await this.handle.close();
    return { bytes: this.bytes, md5: this.md5.digest('hex'), sha256: this.sha256.digest('hex') };
  }

  /** Closes without publishing (error path). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
