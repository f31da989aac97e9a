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
  if (objectColumns.length === 0) {
    for (const r of rows) out += `${JSON.stringify(r)}\n`;
    return out;
  }
  const raw = new Set(objectColumns);
  for (const r of rows as readonly Record<string, unknown>[]) {
    const rest: Record<string, unknown> = {};
    let objects = '';
    for (const key of Object.keys(r)) {
      const value = r[key];
      if (!raw.has(key)) rest[key] = value;
      else objects += `,${JSON.stringify(key)}:${isObjectText(value) ? value : JSON.stringify(value)}`;
    }
    const head = JSON.stringify(rest);
    out += head.length > 2 ? `${head.slice(0, -1)}${objects}}\n` : `{${objects.slice(1)}}\n`;
  }
  return out;
}

/** Text that JSON.stringify made of an object (the caller's promise): starts with '{'. */
function isObjectText(value: unknown): value is string {
  return typeof value === 'string' && value.charCodeAt(0) === 0x7b;
}
