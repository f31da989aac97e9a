/**
 * Encoded response bodies for plain lookups (no fields, filters or time travel), keyed by the
 * identity of the documents array the read model handed back (its cache returns the same array
 * until a write invalidates it) plus limit and format. Writing a ready Buffer spares encoding
 * ~20-100 KB of UTF-8 per request; a new array (after invalidation) simply misses.
 */
export class ResponseBodyMemo {
  private readonly bodies = new WeakMap<readonly string[], Map<string, Buffer>>();

  get(docs: readonly string[], limit: number, ndjson: boolean): Buffer {
    let byShape = this.bodies.get(docs);
    if (!byShape) {
      byShape = new Map();
      this.bodies.set(docs, byShape);
    }
    const key = `${limit}|${ndjson ? 'n' : 'j'}`;
    let body = byShape.get(key);
    if (!body) {
      body = encodeDocuments(docs.slice(0, limit), ndjson);
      byShape.set(key, body);
    }
    return body;
  }
}

/** A JSON array of the texts, or NDJSON: the stored texts are never re-serialised. */
export function encodeDocuments(docs: readonly string[], ndjson: boolean): Buffer {
  return Buffer.from(ndjson ? `${docs.join('\n')}\n` : `[${docs.join(',')}]`, 'utf8');
}
