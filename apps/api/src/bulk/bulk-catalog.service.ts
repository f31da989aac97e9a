import { Injectable } from '@nestjs/common';
import { BulkMetadata } from '@okapi/adapters/bulk';
import { notFound } from '@okapi/adapters/errors';
import { BulkFileStore, OpenedBulkFile } from '@okapi/adapters/storage';
import { assertDate, assertHour, assertId, BulkRef, chunkIdentifier, parseChunk } from '@okapi/adapters/storage';
import { wmeTimestamp } from '@okapi/domain';
import { matches, MetadataQuery, project as projectFields } from './metadata-query';

type Meta = Partial<BulkMetadata>;

/**
 * Metadata as served: `date_modified` in WME's date format (whole seconds, `Z`), which clients
 * parse strictly; the stored metadata keeps nanoseconds to tell two builds of one second apart.
 */
function project(meta: BulkMetadata, q: MetadataQuery): Meta {
  return projectFields({ ...meta, date_modified: wmeTimestamp(meta.date_modified) }, q);
}

/** Reads bulk metadata and files for the HTTP API; validates every path parameter. */
@Injectable()
export class BulkCatalog {
  constructor(private readonly store: BulkFileStore) {}

  async listSnapshots(q: MetadataQuery): Promise<Meta[]> {
    return (await this.store.listSnapshots()).filter((m) => matches(m, q)).map((m) => project(m, q));
  }

  async snapshot(id: string, q: MetadataQuery): Promise<Meta> {
    return project(await this.required(this.snapshotRef(id)), q);
  }

  async listStructuredSnapshots(q: MetadataQuery): Promise<Meta[]> {
    return (await this.store.listStructuredSnapshots()).filter((m) => matches(m, q)).map((m) => project(m, q));
  }

  async structuredSnapshot(id: string, q: MetadataQuery): Promise<Meta> {
    return project(await this.required(this.structuredSnapshotRef(id)), q);
  }

  async listChunks(id: string, q: MetadataQuery): Promise<Meta[]> {
    await this.required(this.snapshotRef(id));
    return (await this.store.listChunks(id)).filter((m) => matches(m, q)).map((m) => project(m, q));
  }

  async chunk(id: string, chunk: string, q: MetadataQuery): Promise<Meta> {
    return project(await this.required(this.chunkRef(id, chunk)), q);
  }

  async listBatches(date: string, hour: string, q: MetadataQuery): Promise<Meta[]> {
    const metas = await this.store.listBatches(assertDate(date), assertHour(hour));
    return metas.filter((m) => matches(m, q)).map((m) => project(m, q));
  }

  async batch(date: string, hour: string, id: string, q: MetadataQuery): Promise<Meta> {
    return project(await this.required(this.batchRef(date, hour, id)), q);
  }

  /** Opens the file behind a ref for download; 404 when absent. */
  async open(ref: BulkRef): Promise<OpenedBulkFile> {
    const file = await this.store.open(ref);
    if (!file) throw this.missing(ref);
    return file;
  }

  snapshotRef(id: string): BulkRef {
    return { kind: 'snapshot', id: assertId(id) };
  }

  structuredSnapshotRef(id: string): BulkRef {
    return { kind: 'structured-snapshot', id: assertId(id) };
  }

  chunkRef(id: string, chunk: string): BulkRef {
    return { kind: 'chunk', id: assertId(id), chunk: parseChunk(id, chunk) };
  }

  batchRef(date: string, hour: string, id: string): BulkRef {
    return { kind: 'batch', date: assertDate(date), hour: assertHour(hour), id: assertId(id) };
  }

  private async required(ref: BulkRef): Promise<BulkMetadata> {
    const meta = await this.store.readMeta(ref);
    if (!meta) throw this.missing(ref);
    return meta;
  }

  private missing(ref: BulkRef): Error {
    switch (ref.kind) {
      case 'snapshot':
        return notFound('snapshot.not_found', `snapshot ${ref.id} not found`);
      case 'structured-snapshot':
        return notFound('snapshot.not_found', `structured-contents snapshot ${ref.id} not found`);
      case 'chunk':
        return notFound('chunk.not_found', `chunk ${chunkIdentifier(ref.id, ref.chunk)} not found`);
      case 'batch':
        return notFound('batch.not_found', `batch ${ref.date}/${ref.hour}/${ref.id} not found`);
      default: {
        const never: never = ref;
        return new Error(`unknown ref ${JSON.stringify(never)}`);
      }
    }
  }
}
