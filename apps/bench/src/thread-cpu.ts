import { readdirSync, readFileSync } from 'node:fs';
import { cpuMsOfStat } from '@okapi/adapters/runtime';

/** CPU seconds per thread of this process over a span, from /proc (Linux; empty elsewhere). */
export interface ThreadCpu {
  /** The main (JS event loop) thread. */
  readonly mainS: number;
  /** The busiest other thread (a worker thread when one ran). */
  readonly busiestOtherS: number;
  /** Every other thread together: workers, V8's GC and compiler helpers, libuv's pool. */
  readonly othersS: number;
}

function sample(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      out.set(tid, cpuMsOfStat(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')) / 1000);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return out;
}

/**
 * Starts watching; the returned function stops and reports. Threads that end in between (a
 * worker terminated at the end of an import) are counted up to their last sample, taken every
 * `everyMs`.
 */
export function watchThreadCpu(everyMs = 50): () => ThreadCpu {
  const start = sample();
  const last = new Map(start);
  const take = (): void => {
    for (const [tid, s] of sample()) last.set(tid, s);
  };
  const timer = setInterval(take, everyMs);
  return () => {
    clearInterval(timer);
    take();
    const main = String(process.pid);
    let mainS = 0;
    let busiestOtherS = 0;
    let othersS = 0;
    for (const [tid, s] of last) {
      const used = s - (start.get(tid) ?? 0);
      if (tid === main) mainS = used;
      else {
        othersS += used;
        busiestOtherS = Math.max(busiestOtherS, used);
      }
    }
    return { mainS, busiestOtherS, othersS };
  };
}
