/**
 * The official Python SDK (wikimedia-enterprise/wme-sdk-python, Apache-2.0, `modules/api/article.py`
 * `Article.parse_date`) reads Article dates with `datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')`: a
 * date with milliseconds raises DataModelError and `stream_articles` drops the whole line. WME's
 * own records are in that format; so must Okapi's be, on every date it serves.
 */
export const WME_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Every key that carries a date in WME's schema (Article, Version.editor, Event, metadata). */
const DATE_KEYS = new Set([
  'date_created',
  'date_modified',
  'date_previously_modified',
  'date_started',
  'date_published',
]);

/** Paths of dates not in `%Y-%m-%dT%H:%M:%SZ`, anywhere in a decoded record. */
export function badDates(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => badDates(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    if (DATE_KEYS.has(k) && typeof v === 'string' && !WME_DATE.test(v)) out.push(`${p}=${v}`);
    else out.push(...badDates(v, p));
  }
  return out;
}

/** Raises like `Article.from_json` does for a date it cannot parse. */
export function assertPythonDates(record: unknown): void {
  const bad = badDates(record);
  if (bad.length) throw new Error(`DataModelError: Invalid date format for ${bad.join(', ')}`);
}
