/**
 * Encoded response bodies for plain lookups (no fields, filters or time travel), keyed by the
 * identity of the documents array the read model handed back (its cache returns the same array
 * until a write invalidates it) plus limit and format. Writing a ready Buffer spares encoding
 * ~20-100 KB of UTF-8 per request; a new array (after invalidation) simply misses.
 */
export class ResponseBodyMemo {
  /** Per result: per limit, the JSON body and the NDJSON one (no key string is built per request). */
  private readonly bodies = new WeakMap<readonly string[], Map<number, [Buffer?, Buffer?]>>();

  get(docs: readonly string[], limit: number, ndjson: boolean): Buffer {
    let byLimit = this.bodies.get(docs);
    if (!byLimit) {
      byLimit = new Map();
      this.bodies.set(docs, byLimit);
    }
    let pair = byLimit.get(limit);
    if (!pair) {
      pair = [];
      byLimit.set(limit, pair);
    }
    const format = ndjson ? 1 : 0;
    return (pair[format] ??= encodeDocuments(docs.slice(0, limit), ndjson));
  }
}

/** Bytes of shaped bodies kept at most, across all results and queries. */
const SHAPED_BUDGET_BYTES = 32 * 1024 * 1024;

/**
 * Encoded bodies of shaped lookups (fields, filters), keyed by the identity of the read model's
 * result array (as ResponseBodyMemo) and the query's canonical key: a client that asks the same
 * question again is answered without parsing or serialising a document. Queries are the
 * client's to vary, so everything kept counts against one byte budget; past it the memo starts
 * over (cheaper on the hot path than keeping a recency order). `undefined` (nothing matched) is
 * remembered too.
 */
export class ShapedBodyMemo {
  private byResult = new WeakMap<readonly string[], Map<string, Buffer | undefined>>();
  private bytes = 0;

  constructor(private readonly budget = SHAPED_BUDGET_BYTES) {}

  get(docs: readonly string[], key: string, encode: () => Buffer | undefined): Buffer | undefined {
    let byKey = this.byResult.get(docs);
    if (byKey?.has(key)) return byKey.get(key);
    const body = encode();
    const size = (body?.length ?? 0) + key.length;
    if (size > this.budget / 8) return body;
    if (this.bytes + size > this.budget) {
      this.byResult = new WeakMap();
      this.bytes = 0;
      byKey = undefined;
    }
    if (!byKey) {
      byKey = new Map();
      this.byResult.set(docs, byKey);
    }
    byKey.set(key, body);
    this.bytes += size;
    return body;
  }
}

/** A JSON array of the texts, or NDJSON: the stored texts are never re-serialised. */
export function encodeDocuments(docs: readonly string[], ndjson: boolean): Buffer {
  return Buffer.from(ndjson ? `${docs.join('\n')}\n` : `[${docs.join(',')}]`, 'utf8');
}
