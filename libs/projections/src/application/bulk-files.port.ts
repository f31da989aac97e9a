/**
 * Where snapshot and batch files are written and listed (WME bulk products), as the "build a
 * snapshot" use case (SnapshotBuilder) sees it. Implemented in libs/adapters/src/bulk (bulkFilesOf:
 * the BulkExporter's tar.gz writer over the BulkFileStore directory, structured contents converted
 * on the derivation workers). `R` is what one written file reports (the adapter's ExportResult).
 */
export interface BulkFiles<R> {
  /** The wiki+namespace pairs that have a published Article snapshot. */
  publishedSnapshots(): Promise<readonly { wiki: string; namespace: number }[]>;
  /** Publishes `snapshots/{wiki}_namespace_{ns}` from every live Article (JSON text), one per line. */
  writeSnapshot(wiki: string, namespace: number, articles: AsyncIterable<string>): Promise<R>;
  /** Publishes the structured-contents snapshot converted from the same Articles. */
  writeStructuredSnapshot(wiki: string, namespace: number, articles: AsyncIterable<string>): Promise<R>;
  /** Publishes `batches/{date}/{hour}/{wiki}_namespace_{ns}` from the hour's latest versions. */
  writeBatch(date: string, hour: string, wiki: string, namespace: number, articles: AsyncIterable<string>): Promise<R>;
}

/** The batch hours kept (the scheduler prunes them); implemented by the adapters' BulkFileStore directory. */
export interface BatchHours {
  /** The batch hours on disk, as [date, HH]. */
  batchHours(): Promise<[string, string][]>;
  removeBatchHour(date: string, hour: string): Promise<void>;
}
