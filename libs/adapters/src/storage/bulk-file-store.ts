import { randomUUID } from 'node:crypto';
import { Stats } from 'node:fs';
import { FileHandle, mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BulkMetadata } from '../bulk/bulk-metadata';
import { BulkRef, refPath, STRUCTURED_DIR } from './bulk-paths';
import { isProcessAlive } from '../runtime/process-alive';
import { retrying } from '../resilience/retrying';

/** An opened bulk file: the handle pins this version even if a rebuild replaces the path. */
export interface OpenedBulkFile {
  readonly handle: FileHandle;
  readonly stat: Stats;
  /** The metadata that belongs to exactly this file, when it could be matched. */
  readonly meta?: BulkMetadata;
}

const STAGING = '.staging';
const STALE_STAGING_MS = 24 * 3600 * 1000;

/**
 * Bulk files on a local directory (the data dir). Writers produce files in `.staging/` on the
 * same filesystem and publish them with rename(2), which is atomic: a reader sees the old file or
 * the new one, never a partial one, and a reader that already opened the old file keeps reading
 * it to the end. The file is published before its metadata, and its mtime is set to the
 * metadata's date_modified so a reader can tell whether the two belong together.
 */
export class BulkFileStore {
  constructor(readonly root: string) {}

  /** Creates the staging directory and removes staging files left by crashed writers. */
  async init(): Promise<void> {
    const dir = join(this.root, STAGING);
    await mkdir(dir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(dir)) {
      if (name.endsWith('.lock')) continue; // owned by a process; judged by liveness in lock()
      const st = await stat(join(dir, name)).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_STAGING_MS) await rm(join(dir, name), { force: true });
    }
  }

  /**
   * Takes an exclusive build lock on `name` (e.g. a snapshot id) across processes, so `okapi
   * snapshot` and the scheduler of a running `okapi start` never interleave one snapshot's chunks.
   * A lock whose process is gone (crash) is taken over. Returns the release function.
   */
  async lock(name: string): Promise<() => Promise<void>> {
    const path = join(this.root, STAGING, `${name}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, String(process.pid), { flag: 'wx' });
        return () => rm(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = Number(await readFile(path, 'utf8').catch(() => ''));
        if (holder && isProcessAlive(holder)) throw new BulkBusyError(name, holder);
        await rm(path, { force: true });
      }
    }
    throw new BulkBusyError(name, 0);
  }

  /** A fresh path in the staging directory. */
  stagePath(suffix: string): string {
    return join(this.root, STAGING, `${randomUUID()}-${suffix}`);
  }

  /** Publishes a staged .tar.gz and then its metadata, each by atomic rename. */
  async publish(ref: BulkRef, stagedFile: string, meta: BulkMetadata): Promise<void> {
    const file = join(this.root, refPath(ref, '.tar.gz'));
    await mkdir(dirname(file), { recursive: true });
    const modified = Date.parse(meta.date_modified) / 1000;
    await utimes(stagedFile, modified, modified);
    await rename(stagedFile, file);
    await this.writeJsonAtomically(join(this.root, refPath(ref, '.json')), meta);
  }

  async readMeta(ref: BulkRef): Promise<BulkMetadata | undefined> {
    try {
      return JSON.parse(await readFile(join(this.root, refPath(ref, '.json')), 'utf8')) as BulkMetadata;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Opens a file and matches it to its metadata (retrying briefly across a concurrent publish). */
  async open(ref: BulkRef): Promise<OpenedBulkFile | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(join(this.root, refPath(ref, '.tar.gz')), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const st = await handle.stat();
    // Between the two renames of a publish the metadata may still describe the previous file:
    // wait briefly for it, but not for metadata that is missing or describes a newer file.
    const matching = async (): Promise<BulkMetadata | undefined> => {
      const meta = await this.readMeta(ref);
      const modified = meta ? Date.parse(meta.date_modified) : NaN;
      if (Math.abs(modified - st.mtimeMs) < 1) return meta;
      if (modified < st.mtimeMs) throw new MetadataBehind();
      return undefined;
    };
    try {
      const meta = await retrying(matching, {
        maxAttempts: 10,
        backoff: { initialMs: 20, maxMs: 40 },
        retryable: (e) => e instanceof MetadataBehind,
      });
      return meta ? { handle, stat: st, meta } : { handle, stat: st };
    } catch (e) {
      if (e instanceof MetadataBehind) return { handle, stat: st };
      throw e;
    }
  }

  async listSnapshots(): Promise<BulkMetadata[]> {
    return this.readAllMeta(join(this.root, 'snapshots'));
  }

  async listStructuredSnapshots(): Promise<BulkMetadata[]> {
    return this.readAllMeta(join(this.root, STRUCTURED_DIR));
  }

  async listChunks(id: string): Promise<BulkMetadata[]> {
    const metas = await this.readAllMeta(join(this.root, refPath({ kind: 'chunk', id, chunk: 0 }, '.json'), '..'));
    return metas.sort((a, b) => chunkNo(a.identifier) - chunkNo(b.identifier));
  }

  async listBatches(date: string, hour: string): Promise<BulkMetadata[]> {
    return this.readAllMeta(
      join(this.root, refPath({ kind: 'batch', date, hour, id: 'x_namespace_0' }, '.json'), '..'),
    );
  }

  /** Every batch hour on disk as `[date, hour]`, oldest first. */
  async batchHours(): Promise<[string, string][]> {
    const out: [string, string][] = [];
    for (const date of (await readdirOrEmpty(join(this.root, 'batches'))).sort()) {
      for (const hour of (await readdirOrEmpty(join(this.root, 'batches', date))).sort()) out.push([date, hour]);
    }
    return out;
  }

  async removeBatchHour(date: string, hour: string): Promise<void> {
    const dir = join(this.root, refPath({ kind: 'batch', date, hour, id: 'x_namespace_0' }, '.json'), '..');
    await rm(dir, { recursive: true, force: true });
    const dateDir = dirname(dir);
    if ((await readdirOrEmpty(dateDir)).length === 0) await rm(dateDir, { recursive: true, force: true });
  }

  /** Removes chunk files numbered `from` and above (left over when a snapshot shrank). */
  async removeChunksFrom(id: string, from: number): Promise<void> {
    for (const meta of await this.listChunks(id)) {
      const n = chunkNo(meta.identifier);
      if (n < from) continue;
      await rm(join(this.root, refPath({ kind: 'chunk', id, chunk: n }, '.json')), { force: true });
      await rm(join(this.root, refPath({ kind: 'chunk', id, chunk: n }, '.tar.gz')), { force: true });
    }
  }

  private async readAllMeta(dir: string): Promise<BulkMetadata[]> {
    const names = (await readdirOrEmpty(dir)).filter((n) => n.endsWith('.json')).sort();
    const metas = await Promise.all(
      names.map((n) =>
        readFile(join(dir, n), 'utf8')
          .then(JSON.parse)
          .catch(() => undefined),
      ),
    );
    return metas.filter((m): m is BulkMetadata => m !== undefined);
  }

  private async writeJsonAtomically(path: string, value: unknown): Promise<void> {
    const staged = this.stagePath('meta.json');
    await writeFile(staged, `${JSON.stringify(value, null, 2)}\n`);
    await rename(staged, path);
  }
}

export class BulkBusyError extends Error {
  constructor(
    readonly target: string,
    readonly pid: number,
  ) {
    super(`${target} is being built by another process${pid ? ` (pid ${pid})` : ''}; try again when it finishes`);
    this.name = 'BulkBusyError';
  }
}

function chunkNo(identifier: string): number {
  return Number(/_chunk_(\d+)$/.exec(identifier)?.[1] ?? -1);
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** The metadata on disk still describes the file a publish is replacing. */
class MetadataBehind extends Error {}
