import { Backoff, BackoffOptions, retryAfterOf, sleep } from './backoff';
import { toError } from '../errors/to-error';

export interface RetryPolicy {
  readonly backoff?: BackoffOptions;
  /** Attempts before the last failure is thrown (default: no bound). */
  readonly maxAttempts?: number;
  /** Aborting it ends the wait and throws the last failure instead of trying again. */
  readonly signal?: AbortSignal;
  /** Whether a failure may be tried again (default: every failure may). */
  readonly retryable?: (error: Error) => boolean;
  /** Told about each failure that will be tried again, with the wait before the next attempt. */
  readonly onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

/**
 * One attempt (numbered from 1). Calling `progressed()` says it got somewhere (a connection
 * delivered data, a run stayed up long enough): its failure then starts the backoff over.
 */
export type Attempt<T> = (progressed: () => void, attempt: number) => Promise<T>;

/**
 * The one retry loop of the code base: runs `attempt` until it succeeds, waiting between
 * failures what the failure dictates (a server's Retry-After, see `retryAfterOf`, capped) or else
 * the next step of the backoff (./backoff.ts). `supervise` runs long-lived loops on it; bounded
 * requests (the MediaWiki client) and the EventStreams reconnect use it directly.
 */
export async function retrying<T>(attempt: Attempt<T>, policy: RetryPolicy = {}): Promise<T> {
  const { signal, maxAttempts = Infinity } = policy;
  const schedule = new Backoff(policy.backoff);
  const progressed = (): void => schedule.reset();
  for (let n = 1; ; n++) {
    try {
      return await attempt(progressed, n);
    } catch (e) {
      const error = toError(e);
      if (n >= maxAttempts || signal?.aborted || !(policy.retryable?.(error) ?? true)) throw error;
      const delay = schedule.next(retryAfterOf(error));
      policy.onRetry?.(error, n, delay);
      await sleep(delay, signal);
      if (signal?.aborted) throw error;
    }
  }
}
