import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { RecordRevision, must } from '@okapi/domain';

/** A batch held in memory, or spilled (its bytes at `at` in the spill file). */
type Entry = {
  /** Decompressed bytes fed to the parser when the batch was complete: it needs them verified. */
  readonly position: number;
} & (
  | { readonly batch: RecordRevision[] }
  | { readonly batch?: undefined; readonly at: number; readonly length: number }
);

/**
 * Holds parsed batches until the decompressed bytes they came from are verified (a gzip member's
 * CRC, a bzip2 block CRC, an xz decoder's clean end), then hands them on in order. Damaged text
 * is thus never appended, so never "already recorded" when the repaired file is imported again.
 * Batches stay in memory up to `memoryBytes` of text; past that they spill, in order, to a
 * temporary file (a huge gzip member or an xz file is verified only at its end).
 */
export class VerifiedStage {
  private readonly entries: Entry[] = [];
  private memory = 0;
  private spill: { dir: string; fd: number; end: number } | undefined;

  constructor(
    private readonly emit: (batch: RecordRevision[]) => Promise<void>,
    private readonly memoryBytes = 64 * 1024 * 1024,
  ) {}

  get empty(): boolean {
    return this.entries.length === 0;
  }

  add(batch: RecordRevision[], position: number): void {
    const size = batch.reduce((n, r) => n + (r.text?.length ?? 0) + 512, 0);
    if (!this.spill && this.memory + size <= this.memoryBytes) {
      this.entries.push({ position, batch });
      this.memory += size;
      return;
    }
    this.spill ??= this.openSpill();
    const body = serialize(batch);
    writeSync(this.spill.fd, body, 0, body.length, this.spill.end);
    this.entries.push({ position, at: this.spill.end, length: body.length });
    this.spill.end += body.length;
  }

  /** Hands on, oldest first, every held batch whose bytes end at or before `verified`. */
  async commit(verified: number): Promise<void> {
    while (this.entries.length > 0 && this.entries[0].position <= verified) {
      const entry = must(this.entries.shift(), 'a held batch');
      if (entry.batch) {
        this.memory -= entry.batch.reduce((n, r) => n + (r.text?.length ?? 0) + 512, 0);
        await this.emit(entry.batch);
      } else {
        const body = Buffer.alloc(entry.length);
        readSync(must(this.spill, 'the spill file').fd, body, 0, body.length, entry.at);
        await this.emit(deserialize(body) as RecordRevision[]);
      }
    }
    if (this.entries.every((e) => e.batch)) this.closeSpill();
  }

  /** Drops everything held (its bytes failed verification, or will never be verified). */
  discard(): void {
    this.entries.length = 0;
    this.memory = 0;
    this.closeSpill();
  }

  private openSpill(): { dir: string; fd: number; end: number } {
    const dir = mkdtempSync(join(tmpdir(), 'okapi-dump-stage-'));
    return { dir, fd: openSync(join(dir, 'staged.bin'), 'w+', 0o600), end: 0 };
  }

  private closeSpill(): void {
    if (!this.spill) return;
    closeSync(this.spill.fd);
    rmSync(this.spill.dir, { recursive: true, force: true });
    this.spill = undefined;
  }
}
