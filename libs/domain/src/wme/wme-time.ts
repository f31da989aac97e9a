/**
 * Wikimedia Enterprise writes every date as `YYYY-MM-DDTHH:MM:SSZ`: UTC, whole seconds, `Z`
 * (e.g. `2018-09-20T12:17:53Z` in its real records). Clients depend on it: the official Python
 * SDK parses Article dates with `%Y-%m-%dT%H:%M:%SZ` and drops a record whose date carries
 * milliseconds. Sources give other precisions (EventStreams `rev_dt` with milliseconds, the
 * store's clock in ms), so every date leaves Okapi through this function.
 */
const WME_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** True when `s` is already in WME's format. */
export function isWmeTimestamp(s: string): boolean {
  return WME_DATE.test(s);
}

/**
 * RFC3339 of any precision or zone (or epoch ms) -> WME's format, truncated to the second (the
 * second a event happened in, never the next one). Unreadable input is returned unchanged, so a
 * bad source value stays visible rather than becoming a wrong date.
 */
export function wmeTimestamp(value: string | number): string {
  if (typeof value === 'string' && WME_DATE.test(value)) return value;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return String(value);
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** `wmeTimestamp` for optional values. */
export function wmeTimestampOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : wmeTimestamp(value);
}
