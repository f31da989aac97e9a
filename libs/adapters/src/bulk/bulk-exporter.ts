import { BulkFileStore } from '../storage/bulk-file-store';
import { BulkRef, chunkIdentifier } from '../storage/bulk-paths';
import { BulkMetadata, bulkIdentifier, rfc3339Nano, toMetadata } from './bulk-metadata';
import { bulkMetrics } from './bulk.metrics';
import { GzipPool } from './gzip-pool';
import { TarGzWriter, WrittenArchive } from './tar-gz-writer';

export interface BulkExporterOptions {
  readonly store: BulkFileStore;
  readonly pool: GzipPool;
  /** Largest uncompressed NDJSON entry (OKAPI_SNAPSHOT_ENTRY_BYTES). */
  readonly entryBytes: number;
  /** Also publish chunk files of whole entries (OKAPI_SNAPSHOT_CHUNKS). */
  readonly chunks: boolean;
  /** Largest uncompressed chunk (OKAPI_SNAPSHOT_CHUNK_BYTES); default `entryBytes`: one entry per chunk. */
  readonly chunkBytes?: number;
  /** Epoch nanoseconds; injectable for tests. */
  readonly clock?: () => bigint;
  readonly blockBytes?: number;
}

export interface ExportResult {
  /** Set for the structured-contents snapshots (WME beta); absent for Article files. */
  readonly product?: 'structured-contents';
  readonly meta: BulkMetadata;
  readonly chunks: readonly BulkMetadata[];
  readonly lines: number;
}

/** Article JSON lines, streamed from a read model or given in memory. */
type Lines = AsyncIterable<string> | Iterable<string>;

const HR_ANCHOR = process.hrtime.bigint();
const WALL_ANCHOR = BigInt(Date.now()) * 1_000_000n;
/** Wall clock with sub-millisecond digits (date_modified carries nanoseconds, as WME's does). */
export const wallClockNs = (): bigint => WALL_ANCHOR + (process.hrtime.bigint() - HR_ANCHOR);

/** Writes snapshots and batches from NDJSON lines and publishes them atomically in the store. */
export class BulkExporter {
  private readonly clock: () => bigint;

  constructor(private readonly opts: BulkExporterOptions) {
    this.clock = opts.clock ?? wallClockNs;
  }

  /** `snapshots/{wiki}_namespace_{ns}.tar.gz` (+ chunks) from every live article, one per line. */
  async snapshot(wiki: string, namespace: number, lines: Lines): Promise<ExportResult> {
    const id = bulkIdentifier(wiki, namespace);
    const release = await this.opts.store.lock(`snapshot-${id}`);
    try {
      const timer = bulkMetrics.seconds.startTimer({ kind: 'snapshot' });
      const result = await this.snapshotLocked(id, wiki, namespace, lines);
      timer();
      count('snapshot', result.lines, result.meta);
      for (const c of result.chunks) count('chunk', 0, c);
      return result;
    } finally {
      await release();
    }
  }

  private async snapshotLocked(id: string, wiki: string, namespace: number, lines: Lines): Promise<ExportResult> {
    const archive = await this.write(id, lines, this.opts.chunks);
    const chunks: BulkMetadata[] = [];
    for (const chunk of archive.chunks) {
      const ref: BulkRef = { kind: 'chunk', id, chunk: chunk.index };
      const meta = this.metadata(chunkIdentifier(id, chunk.index), wiki, namespace, chunk.digest);
      await this.opts.store.publish(ref, chunk.path, meta);
      chunks.push(meta);
    }
    const meta = this.metadata(
      id,
      wiki,
      namespace,
      archive.digest,
      chunks.map((c) => c.identifier),
    );
    await this.opts.store.publish({ kind: 'snapshot', id }, archive.path, meta);
    await this.opts.store.removeChunksFrom(id, chunks.length);
    return { meta, chunks, lines: archive.lines };
  }

  /**
   * `structured-snapshots/{wiki}_namespace_{ns}.tar.gz`: the structured contents (WME beta) of
   * every live article, one JSON object per line, no chunks (WME lists none for them).
   */
  async structuredSnapshot(wiki: string, namespace: number, lines: Lines): Promise<ExportResult> {
    const id = bulkIdentifier(wiki, namespace);
    const release = await this.opts.store.lock(`structured-snapshot-${id}`);
    try {
      const timer = bulkMetrics.seconds.startTimer({ kind: 'structured-snapshot' });
      const archive = await this.write(id, lines, false);
      const meta = this.metadata(id, wiki, namespace, archive.digest);
      await this.opts.store.publish({ kind: 'structured-snapshot', id }, archive.path, meta);
      timer();
      count('structured-snapshot', archive.lines, meta);
      return { product: 'structured-contents', meta, chunks: [], lines: archive.lines };
    } finally {
      await release();
    }
  }

  /** wiki+namespace of every snapshot already published. */
  async publishedSnapshots(): Promise<{ wiki: string; namespace: number }[]> {
    return (await this.opts.store.listSnapshots()).map((m) => ({
      wiki: m.is_part_of.identifier,
      namespace: m.namespace.identifier,
    }));
  }

  /** `batches/{date}/{hour}/{wiki}_namespace_{ns}.tar.gz` from the hour's changed articles. */
  async batch(date: string, hour: string, wiki: string, namespace: number, lines: Lines): Promise<ExportResult> {
    const id = bulkIdentifier(wiki, namespace);
    const release = await this.opts.store.lock(`batch-${date}-${hour}-${id}`);
    try {
      const timer = bulkMetrics.seconds.startTimer({ kind: 'batch' });
      const archive = await this.write(id, lines, false);
      const meta = this.metadata(id, wiki, namespace, archive.digest);
      await this.opts.store.publish({ kind: 'batch', date, hour, id }, archive.path, meta);
      timer();
      count('batch', archive.lines, meta);
      return { meta, chunks: [], lines: archive.lines };
    } finally {
      await release();
    }
  }

  private async write(id: string, lines: Lines, chunks: boolean): Promise<WrittenArchive> {
    const nowS = Number(this.clock() / 1_000_000_000n);
    const writer = await TarGzWriter.create({
      pool: this.opts.pool,
      path: this.opts.store.stagePath(`${id}.tar.gz`),
      stagePath: (suffix) => this.opts.store.stagePath(`${id}-${suffix}`),
      entryBytes: this.opts.entryBytes,
      entryName: (n) => `${id}_${n}.ndjson`,
      chunkEntryName: chunks ? (n) => `chunk_${n}.ndjson` : undefined,
      chunkBytes: this.opts.chunkBytes,
      mtime: nowS,
      blockBytes: this.opts.blockBytes,
    });
    try {
      for await (const line of lines) await writer.writeLine(line);
      return await writer.finish();
    } catch (e) {
      await writer.abort();
      throw e;
    }
  }

  private metadata(
    identifier: string,
    wiki: string,
    namespace: number,
    digest: { bytes: number; md5: string; sha256: string },
    chunks?: string[],
  ): BulkMetadata {
    return toMetadata({ identifier, wiki, namespace, ...digest, dateModified: rfc3339Nano(this.clock()), chunks });
  }
}

function count(kind: string, lines: number, meta: BulkMetadata): void {
  bulkMetrics.files.inc({ kind });
  if (lines) bulkMetrics.articles.inc({ kind }, lines);
  bulkMetrics.bytes.inc({ kind }, Math.round(meta.size.value * 1e6));
}
