// Not the server's retry policy (libs/adapters/src/resilience): the browser bundle takes nothing
// from the server libraries (eslint.boundaries.mjs).

const BASE_MS = 500;
const MAX_MS = 15_000;
/** A Retry-After further out than this is taken as this: a tab should not sit idle for hours. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Tabs shed together by a 503 come back spread over this long after its Retry-After. */
const SPREAD_MS = 1000;

/**
 * How long to wait before reconnecting after `failures` failed attempts in a row: a capped
 * doubling with jitter (half the step, so tabs dropped together do not return together), and
 * never before the server's Retry-After when it sent one (the load shedder's 503 does).
 */
export function reconnectDelayMs(failures: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_MS, BASE_MS * 2 ** failures);
  const backoff = step / 2 + (random() * step) / 2;
  if (retryAfterMs === undefined) return backoff;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterMs, backoff) + random() * SPREAD_MS);
}

/** A Retry-After header (delay in seconds, or an HTTP date) in milliseconds from `now`. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
