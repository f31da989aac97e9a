import { wikiDomain } from '@okapi/domain';

/**
 * Metadata of a bulk file, in Wikimedia Enterprise's shape (key order as WME serves it), plus
 * `sha256` (an Okapi addition; WME clients ignore unknown keys).
 */
export interface BulkMetadata {
  readonly identifier: string;
  /** MD5 hex of the .tar.gz. */
  readonly version: string;
  /** RFC3339 with nanoseconds, UTC. */
  readonly date_modified: string;
  readonly is_part_of: { readonly identifier: string };
  readonly in_language: { readonly identifier: string };
  readonly namespace: { readonly identifier: number };
  readonly size: { readonly value: number; readonly unit_text: 'MB' };
  /** Chunk identifiers, snapshots only. */
  readonly chunks?: readonly string[];
  readonly sha256: string;
}

export interface MetadataInput {
  readonly identifier: string;
  readonly wiki: string;
  readonly namespace: number;
  readonly bytes: number;
  readonly md5: string;
  readonly sha256: string;
  readonly dateModified: string;
  readonly chunks?: readonly string[];
}

export function toMetadata(m: MetadataInput): BulkMetadata {
  return {
    identifier: m.identifier,
    version: m.md5,
    date_modified: m.dateModified,
    is_part_of: { identifier: m.wiki },
    in_language: { identifier: wikiLanguage(m.wiki) },
    namespace: { identifier: m.namespace },
    size: { value: sizeMb(m.bytes), unit_text: 'MB' },
    ...(m.chunks ? { chunks: m.chunks } : {}),
    sha256: m.sha256,
  };
}

/** WME: Content-Length / 1e6, rounded to 3 decimals. */
export function sizeMb(bytes: number): number {
  return Math.round(bytes / 1000) / 1000;
}

/** `enwiki` -> `en`, `zh_min_nanwiki` -> `zh-min-nan`, `commonswiki` -> `en` (as WME's records). */
export function wikiLanguage(wiki: string): string {
  return wikiDomain(wiki).language;
}

/** `{wiki}_namespace_{ns}`. */
export function bulkIdentifier(wiki: string, namespace: number): string {
  return `${wiki}_namespace_${namespace}`;
}

const IDENTIFIER = /^([a-z0-9_]+)_namespace_(\d+)$/;

export function parseBulkIdentifier(id: string): { wiki: string; namespace: number } | undefined {
  const m = IDENTIFIER.exec(id);
  return m ? { wiki: m[1], namespace: Number(m[2]) } : undefined;
}

/** RFC3339 with up to 9 fractional digits, trailing zeros trimmed (Go's RFC3339Nano, as WME). */
export function rfc3339Nano(epochNs: bigint): string {
  const ms = Number(epochNs / 1_000_000n);
  const frac = (epochNs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(ms).toISOString().slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}
