import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { RecordRevision } from '@okapi/domain';

/**
 * Holds parsed batches until the compressed bytes they came from are verified (a gzip member's
 * CRC, a bzip2/xz decoder's clean end), then hands them on in order. Damaged text is thus never
 * appended, so never "already recorded" when the repaired file is imported again. Batches stay in
 * memory up to `memoryBytes` of text; past that they spill to a temporary file (one huge gzip
 * member or a bzip2 file is verified only at its end), read back on commit.
 */
export class VerifiedStage {
  private held: RecordRevision[][] = [];
  private heldBytes = 0;
  private spill: { dir: string; fd: number; path: string; count: number } | undefined;

  constructor(
    private readonly emit: (batch: RecordRevision[]) => Promise<void>,
    private readonly memoryBytes = 64 * 1024 * 1024,
  ) {}

  get empty(): boolean {
    return this.held.length === 0 && !this.spill;
  }

  add(batch: RecordRevision[]): Promise<void> {
    const size = batch.reduce((n, r) => n + (r.text?.length ?? 0) + 512, 0);
    if (!this.spill && this.heldBytes + size <= this.memoryBytes) {
      this.held.push(batch);
      this.heldBytes += size;
    } else this.write(batch);
    return Promise.resolve();
  }

  /** Hands every held batch on, oldest first. */
  async commit(): Promise<void> {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const batch of held) await this.emit(batch);
    const spill = this.spill;
    if (!spill) return;
    this.spill = undefined;
    try {
      closeSync(spill.fd);
      const fd = openSync(spill.path, 'r');
      try {
        const len = Buffer.alloc(4);
        for (let i = 0, at = 0; i < spill.count; i++) {
          readSync(fd, len, 0, 4, at);
          const body = Buffer.alloc(len.readUInt32LE(0));
          readSync(fd, body, 0, body.length, at + 4);
          at += 4 + body.length;
          await this.emit(deserialize(body) as RecordRevision[]);
        }
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(spill.dir, { recursive: true, force: true });
    }
  }

  /** Drops everything held (its bytes failed verification). */
  discard(): void {
    this.held = [];
    this.heldBytes = 0;
    if (this.spill) {
      closeSync(this.spill.fd);
      rmSync(this.spill.dir, { recursive: true, force: true });
      this.spill = undefined;
    }
  }

  private write(batch: RecordRevision[]): void {
    if (!this.spill) {
      const dir = mkdtempSync(join(tmpdir(), 'okapi-dump-stage-'));
      const path = join(dir, 'staged.bin');
      this.spill = { dir, path, fd: openSync(path, 'w', 0o600), count: 0 };
    }
    const body = serialize(batch);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(body.length, 0);
    writeSync(this.spill.fd, len);
    writeSync(this.spill.fd, body);
    this.spill.count++;
  }
}
