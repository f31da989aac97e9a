/**
 * Exponential backoff with "full jitter" (delay drawn uniformly from [base/2, cap]) so that many
 * clients cut off at once do not reconnect in lockstep, the pattern that earns 429s from
 * EventStreams. A server's Retry-After always wins over our own schedule.
 */
export interface BackoffOptions {
  /** First delay, ms (default 500). */
  readonly initialMs?: number;
  /** Upper bound, ms (default 30 000). */
  readonly maxMs?: number;
  /** Growth factor per failure (default 2). */
  readonly factor?: number;
  /** Source of randomness in [0, 1) (default Math.random; tests pin it). */
  readonly random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.random = options.random ?? Math.random;
  }

  get attempts(): number {
    return this.failures;
  }

  /** Delay before the next attempt; `retryAfterMs` (from the server) overrides the schedule. */
  next(retryAfterMs?: number): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * this.factor ** this.failures);
    this.failures++;
    if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 0);
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  reset(): void {
    this.failures = 0;
  }
}

/**
 * Parses an HTTP Retry-After value (delta-seconds or an HTTP-date) into ms from `nowMs`.
 * Returns undefined when absent or unparseable; caps absurd values at one hour.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 3_600_000);
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
