import { ExponentialBackoff, halfJitterGenerator, IBackoff, IBackoffFactory } from 'cockatiel';

/**
 * The one backoff policy of the code base: cockatiel's exponential backoff with "half jitter"
 * (each delay drawn from [d/2, d], d doubling from `initialMs` up to `maxMs`), so that many
 * clients cut off at once do not come back in lockstep, the pattern that earns 429s from
 * EventStreams. A delay the failure dictates (a server's Retry-After) wins over the schedule, up
 * to `maxRetryAfterMs`.
 */
export interface BackoffOptions {
  /** First delay, ms (default 500). */
  readonly initialMs?: number;
  /** Upper bound, ms (default 30 000). */
  readonly maxMs?: number;
  /** Longest wait a failure may dictate, ms (default 300 000): past it, try again anyway. */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, maxMs: 30_000, maxRetryAfterMs: 300_000 };

/** The cockatiel backoff factory for `options` (for cockatiel policies such as `retry`). */
export function exponentialBackoff(options: BackoffOptions = {}): IBackoffFactory<unknown> {
  const { initialMs, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  return new ExponentialBackoff({ generator: halfJitterGenerator, initialDelay: initialMs, maxDelay: maxMs });
}

/** A position in the schedule: `next()` is the delay before the next attempt, `reset()` starts over. */
export class Backoff {
  private readonly factory: IBackoffFactory<unknown>;
  private readonly maxRetryAfterMs: number;
  private current: IBackoff<unknown> | undefined;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.factory = exponentialBackoff(options);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_BACKOFF.maxRetryAfterMs;
  }

  get attempts(): number {
    return this.failures;
  }

  /** Delay before the next attempt; `retryAfterMs` (from the server) overrides the schedule, capped. */
  next(retryAfterMs?: number): number {
    this.current = (this.current ?? this.factory).next(undefined);
    this.failures++;
    if (retryAfterMs === undefined) return Math.round(this.current.duration);
    return Math.min(Math.max(retryAfterMs, 0), this.maxRetryAfterMs);
  }

  reset(): void {
    this.current = undefined;
    this.failures = 0;
  }
}

/** An HTTP answer that is not the one asked for, with the server's Retry-After (ms) when it sent one. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The delay a failure dictates: its `retryAfterMs` (see HttpStatusError), if it carries one. */
export function retryAfterOf(error: unknown): number | undefined {
  const ms = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' ? ms : undefined;
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

/** The one sleep helper: resolves after `ms`, or early (without throwing) when `signal` aborts. */
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
