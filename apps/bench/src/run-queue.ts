import { readFileSync } from 'node:fs';

/** A thread's time on a CPU and waiting in the run queue for one, ms (Linux schedstat). */
export interface SchedTimes {
  readonly runMs: number;
  readonly waitMs: number;
}

/**
 * The text of `/proc/<pid>/task/<tid>/schedstat`: nanoseconds on a CPU, nanoseconds runnable but
 * waiting for one, timeslices. Undefined when the text is not that.
 */
export function schedTimesOf(text: string): SchedTimes | undefined {
  const [run, wait] = text.trim().split(/\s+/).map(Number);
  if (!Number.isFinite(run) || !Number.isFinite(wait)) return undefined;
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}

/**
 * The main thread of process `pid` (its event loop: ingest, projection and publishing of `okapi
 * start` share it): how long it ran and how long it was ready but waited for a core. On a busy
 * machine the waiting, not the work, is what lets the projection fall behind. Undefined off Linux
 * or without schedstats.
 */
export function mainThreadSched(pid: number): SchedTimes | undefined {
  try {
    return schedTimesOf(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1'));
  } catch {
    return undefined;
  }
}
