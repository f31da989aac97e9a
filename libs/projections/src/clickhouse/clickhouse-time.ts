/**
 * Time as both engines read it: `DateTime('UTC')` columns take 'YYYY-MM-DD hh:mm:ss' text in
 * JSONEachRow (18.16 has no best-effort parsing by default and no DateTime64).
 */
const EPOCH = '1970-01-01 00:00:00';
const PLAIN_UTC_SECONDS = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** RFC3339 -> 'YYYY-MM-DD hh:mm:ss' (UTC, whole seconds); the epoch for absent or invalid input. */
export function toClickHouseDateTime(rfc3339: string | undefined): string {
  // Most input is whole UTC seconds already (MediaWiki timestamps): cut, do not parse. Only days
  // up to the 28th, so that no date needs checking against its month (Date.parse rolls '02-30' over).
  if (rfc3339 !== undefined && rfc3339 >= '1970' && PLAIN_UTC_SECONDS.test(rfc3339))
    return `${rfc3339.slice(0, 10)} ${rfc3339.slice(11, 19)}`;
  const ms = rfc3339 === undefined ? NaN : Date.parse(rfc3339);
  if (Number.isNaN(ms) || ms < 0) return EPOCH;
  return formatUtc(ms);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Epoch ms -> 'YYYY-MM-DD hh:mm:ss' by calendar arithmetic (no Date object: projections stay clock-free). */
function formatUtc(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  // Howard Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(Math.floor(rem / 3600))}:${pad(Math.floor((rem % 3600) / 60))}:${pad(rem % 60)}`;
}

/** RFC3339 -> epoch milliseconds (0 for absent or invalid input). */
export function toEpochMs(rfc3339: string | undefined): number {
  const ms = rfc3339 === undefined ? NaN : Date.parse(rfc3339);
  return Number.isNaN(ms) || ms < 0 ? 0 : ms;
}

/** The hour an RFC3339 instant falls in, as a DateTime text: '2024-05-01 12:00:00'. */
export function toClickHouseHour(rfc3339: string): string {
  return `${toClickHouseDateTime(rfc3339).slice(0, 13)}:00:00`;
}

/** ClickHouse DateTime text (UTC) -> RFC3339 with a Z. */
export function fromClickHouseDateTime(text: string): string {
  return `${text.replace(' ', 'T')}Z`;
}

/** Parses `YYYY-MM-DDTHH` (or a full RFC3339 instant) to the start of that hour; undefined if invalid. */
export function parseHour(input: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2})(?::00(?::00(?:\.0+)?)?)?Z?$/.exec(input.trim());
  if (!m) return undefined;
  const iso = `${m[1]}T${m[2]}:00:00Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}
