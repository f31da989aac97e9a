import { EventStore, toOffset } from '@okapi/domain';
import { StreamStart } from '@okapi/projections';
import { unprocessable } from '@okapi/adapters/errors/okapi-error';
import { ResolvedStart } from './stream-session';

/**
 * First offset recorded at or after `epochMs`: binary search on the store's own clock
 * (`recordedAt`, which is WME `event.date_published`). Works for dense (SQLite) and sparse
 * (EventStoreDB) offsets alike: `readAll({from})` returns the first event at or after `from`.
 */
export async function firstOffsetSince(store: EventStore, epochMs: number, head: number): Promise<number> {
  let lo = 0;
  let hi = head + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const [e] = await store.readAll({ from: toOffset(mid), limit: 1 });
    if (!e || e.recordedAt >= epochMs) hi = mid;
    else lo = Number(e.offset) + 1;
  }
  return lo;
}

/** Turns a parsed start into a resume position; refuses offsets beyond the head before streaming. */
export async function resolveStart(store: EventStore, start: StreamStart): Promise<ResolvedStart> {
  if (start.kind === 'live') return start;
  const head = Number(await store.head());
  if (start.kind === 'after') {
    if (start.offset > head) {
      throw unprocessable('stream.invalid_offset', `offset ${start.offset} is beyond the head of the log (${head})`);
    }
    return { kind: 'after', position: { offset: start.offset, index: start.index ?? Infinity } };
  }
  const first = await firstOffsetSince(store, start.epochMs, head);
  return { kind: 'after', position: { offset: first - 1, index: Infinity } };
}
