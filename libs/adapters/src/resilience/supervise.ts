import { BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { retrying } from './retrying';

/**
 * A long-running loop: runs until `signal` aborts, and calls `running()` once it is up (a
 * connection open, a subscription made). Throwing, or returning before the abort, is a crash.
 */
export type Loop = (signal: AbortSignal, running: () => void) => Promise<void>;

export type LoopState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface LoopStatus {
  readonly state: LoopState;
  /** Restarts so far (after a crash or a failed start). */
  readonly restarts: number;
  /** Message of the last crash, kept after a successful restart. */
  readonly lastError?: string;
}

export interface SuperviseHooks {
  /** Called after each crash with the restart count and the delay before the restart. */
  readonly onCrash?: (error: Error, restarts: number, delayMs: number) => void;
  /** A run that lasted this long was healthy: the next crash starts the backoff over. Default: the backoff's cap. */
  readonly healthyAfterMs?: number;
}

export interface Supervision {
  status(): LoopStatus;
  /** Resolves the first time the loop says it runs (or once the supervision stops). */
  readonly started: Promise<void>;
  /** Aborts the loop and waits for it (and any backoff in progress) to end. */
  stop(): Promise<void>;
}

/**
 * Runs `loop` and restarts it whenever it crashes, on the one retry loop (./retrying.ts): after
 * what the crash dictates (an error's `retryAfterMs`, capped) or else a capped exponential backoff.
 * Workers, sources and the publisher write their loop as straight-line code that throws on
 * failure and let this decide when to try again.
 */
export function supervise(loop: Loop, backoff: BackoffOptions = {}, hooks: SuperviseHooks = {}): Supervision {
  const abort = new AbortController();
  const { signal } = abort;
  const healthyAfterMs = hooks.healthyAfterMs ?? backoff.maxMs ?? DEFAULT_BACKOFF.maxMs;
  let status: LoopStatus = { state: 'starting', restarts: 0 };
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  const runOnce = async (progressed: () => void): Promise<void> => {
    const healthy = setTimeout(progressed, healthyAfterMs);
    try {
      await loop(signal, () => {
        if (signal.aborted) return;
        status = { ...status, state: 'running' };
        markStarted();
      });
    } finally {
      clearTimeout(healthy);
    }
    if (!signal.aborted) throw new Error('the loop ended by itself');
  };
  const done = retrying(runOnce, {
    backoff,
    signal,
    onRetry: (error, _attempt, delay) => {
      status = { state: 'restarting', restarts: status.restarts + 1, lastError: error.message };
      hooks.onCrash?.(error, status.restarts, delay);
    },
  })
    .catch(() => undefined) // thrown only once stopped: the crash that raced the stop
    .finally(() => {
      status = { ...status, state: 'stopped' };
      markStarted();
    });

  return {
    status: () => status,
    started,
    async stop() {
      abort.abort();
      await done;
    },
  };
}

/** Resolves when `signal` aborts (at once if it already has). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Runs `loop` under `supervise` until `signal` aborts, then stops it: for loops that heal themselves. */
export async function superviseUntil(
  signal: AbortSignal,
  loop: Loop,
  backoff: BackoffOptions = {},
  hooks: SuperviseHooks = {},
): Promise<void> {
  const supervision = supervise(loop, backoff, hooks);
  await whenAborted(signal);
  await supervision.stop();
}
