/**
 * Read side of the ClickHouse views, as the API and bulk exports use it. Implemented in
 * libs/adapters/src/clickhouse over both engines (chDB and ClickHouse server).
 * Documents are WME Article JSON strings exactly as stored (no re-serialisation on the hot path).
 */
export interface CurrentArticleQuery {
  /** Title with spaces (underscores are normalised by the caller). */
  readonly name: string;
  /** Restrict to these wikis (e.g. from a `is_part_of.identifier` filter). */
  readonly wikis?: readonly string[];
  readonly namespace?: number;
  readonly limit: number;
}

export interface WikiNamespace {
  readonly wiki: string;
  readonly namespace: number;
  readonly pages: number;
  /** RFC3339 of the newest date_modified among them. */
  readonly lastModified: string;
}

export interface HourlyVersion {
  readonly wiki: string;
  readonly namespace: number;
  readonly pageId: number;
  /** WME Article JSON (event.type `delete` for pages deleted in that hour). */
  readonly doc: string;
}

export interface ReadModel {
  /** Live articles titled `name`, one per wiki, newest first, at most `limit`. */
  findCurrentByName(query: CurrentArticleQuery): Promise<string[]>;
  /**
   * Optional: the answer `findCurrentByName` would give, when the read model holds it in memory
   * (a cache hit), else undefined. Lets the HTTP hot path answer without waiting on a promise.
   */
  peekCurrentByName?(query: CurrentArticleQuery): string[] | undefined;
  /** Every live article of one wiki+namespace, in page-id order, streamed (for snapshots). */
  streamCurrent(wiki: string, namespace: number): AsyncIterable<string>;
  /** The wiki+namespace pairs that hold live articles. */
  listWikiNamespaces(): Promise<WikiNamespace[]>;
  /** Latest version of each page changed in the hour starting at `hourStart` (RFC3339, UTC). */
  streamHour(hourStart: string, wiki?: string, namespace?: number): AsyncIterable<HourlyVersion>;
  /** wiki+namespace pairs changed in that hour. */
  listHour(hourStart: string): Promise<{ wiki: string; namespace: number }[]>;
}
