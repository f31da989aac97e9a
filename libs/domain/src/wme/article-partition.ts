/**
 * WME's realtime stream is split into a fixed number of partitions (50), grouped into 10 `parts`
 * of 5 consecutive partitions each, so a client can open up to 10 parallel connections
 * (wme-sdk-go example/streaming/README.md; WME realtime `PARTITIONS=50`, `MAX_PARTS=10`).
 * Okapi assigns a page to a partition by a stable hash of `{wiki}:{pageId}`: every event of a
 * page lands in the same partition, so per-page order holds within a partition and a moved page
 * does not change partition (WME keys by title, which a move would change).
 */
export const ARTICLE_PARTITIONS = 50;
export const MAX_PARTS = 10;
export const PARTITIONS_PER_PART = ARTICLE_PARTITIONS / MAX_PARTS;

/** FNV-1a 32-bit over the UTF-16 code units of `{wiki}:{pageId}`: stable across processes and releases. */
export function articlePartition(wiki: string, pageId: number): number {
  const key = `${wiki}:${pageId}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % ARTICLE_PARTITIONS;
}

/** The partitions a WME `part` covers: `5p .. 5p+4`. */
export function partitionsOfPart(part: number): number[] {
  return Array.from({ length: PARTITIONS_PER_PART }, (_, i) => part * PARTITIONS_PER_PART + i);
}
