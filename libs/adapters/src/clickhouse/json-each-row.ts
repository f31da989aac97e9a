/** Parses JSONEachRow text: one JSON object per non-empty line. */
export function parseJsonEachRow<T>(text: string): T[] {
  const rows: T[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) rows.push(JSON.parse(text.slice(start, end)) as T);
    start = end + 1;
  }
  return rows;
}

/**
 * Serialises rows as JSONEachRow text (JSON.stringify escapes every control character).
 * `objectColumns` name String columns whose values are JSON object text (an Article document):
 * written as the object itself instead of a string literal, for an engine that reads a JSON
 * object into a String column verbatim (input_format_json_read_objects_as_strings, on by default
 * in chDB). Escaping a 20 KB document costs more than everything else in its row; a value that is
 * not an object's text (a tombstone's '') is written as a string literal.
 */
export function toJsonEachRow(rows: readonly object[], objectColumns: readonly string[] = []): string {
  let out = '';
  eachJsonEachRowPiece(rows, objectColumns, (piece) => (out += piece));
  return out;
}

/**
 * `toJsonEachRow` encoded as UTF-8 straight into a Buffer, `scratch` when it is large enough (a
 * view of it is returned), else a new one. A batch's documents are tens of MB: joined into one
 * string first, they were copied twice more (flattened, then encoded), a large-object allocation
 * per insert that drove most of a rebuild's full garbage collections.
 */
export function encodeJsonEachRow(
  rows: readonly object[],
  objectColumns: readonly string[] = [],
  scratch?: Buffer,
): Buffer {
  const likely = likelyBytes(rows, objectColumns);
  let buf = scratch && scratch.length >= likely ? scratch : Buffer.allocUnsafeSlow(likely);
  let length = 0;
  eachJsonEachRowPiece(rows, objectColumns, (piece) => {
    // Three UTF-8 bytes per UTF-16 code unit at most; counted exactly only near the end.
    if (length + 3 * piece.length > buf.length && length + Buffer.byteLength(piece) > buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * buf.length, length + 3 * piece.length));
      buf.copy(grown, 0, 0, length);
      buf = grown;
    }
    length += buf.write(piece, length, 'utf8');
  });
  return buf.subarray(0, length);
}

/** About the encoded size, so that the buffer is rarely grown (each growth copies what was written). */
function likelyBytes(rows: readonly object[], objectColumns: readonly string[]): number {
  let bytes = 64 * 1024 + 512 * rows.length;
  for (const r of rows as readonly Record<string, unknown>[])
    for (const key of objectColumns) {
      const value = r[key];
      if (typeof value === 'string') bytes += value.length + (value.length >> 4);
    }
  return bytes;
}

function eachJsonEachRowPiece(
  rows: readonly object[],
  objectColumns: readonly string[],
  put: (piece: string) => void,
): void {
  if (objectColumns.length === 0) {
    for (const r of rows) put(`${JSON.stringify(r)}\n`);
    return;
  }
  const raw = new Set(objectColumns);
  for (const r of rows as readonly Record<string, unknown>[]) {
    const rest: Record<string, unknown> = {};
    const objects: [string, unknown][] = [];
    for (const key of Object.keys(r)) {
      const value = r[key];
      if (raw.has(key)) objects.push([key, value]);
      else rest[key] = value;
    }
    const head = JSON.stringify(rest);
    let first = head.length <= 2;
    put(first ? '{' : head.slice(0, -1));
    for (const [key, value] of objects) {
      put(`${first ? '' : ','}${JSON.stringify(key)}:`);
      put(isObjectText(value) ? value : JSON.stringify(value));
      first = false;
    }
    put('}\n');
  }
}

/** Text that JSON.stringify made of an object (the caller's promise): starts with '{'. */
function isObjectText(value: unknown): value is string {
  return typeof value === 'string' && value.charCodeAt(0) === 0x7b;
}
