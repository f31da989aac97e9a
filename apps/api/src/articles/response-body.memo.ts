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

/** Most distinct query shapes remembered per stored result (the first ones asked keep their place). */
const SHAPES_PER_RESULT = 64;

/**
 * Encoded bodies of shaped lookups (fields, filters), keyed like ResponseBodyMemo by the identity
 * of the read model's result array, then by the query's canonical key: a client that asks the
 * same question again is answered without parsing or serialising a document. `undefined`
 * (nothing matched) is remembered too.
 */
export class ShapedBodyMemo {
  private readonly bodies = new WeakMap<readonly string[], Map<string, Buffer | undefined>>();

  get(docs: readonly string[], key: string, encode: () => Buffer | undefined): Buffer | undefined {
    let byKey = this.bodies.get(docs);
    if (!byKey) {
      byKey = new Map();
      this.bodies.set(docs, byKey);
    }
    if (byKey.has(key)) return byKey.get(key);
    const body = encode();
    if (byKey.size < SHAPES_PER_RESULT) byKey.set(key, body);
    return body;
  }
}

/** A JSON array of the texts, or NDJSON: the stored texts are never re-serialised. */
export function encodeDocuments(docs: readonly string[], ndjson: boolean): Buffer {
  return Buffer.from(ndjson ? `${docs.join('\n')}\n` : `[${docs.join(',')}]`, 'utf8');
}
