import { EventStore, toOffset } from '@okapi/domain';
import { PartitionSelection, StreamStart } from '@okapi/projections';
import { BusPosition } from '@okapi/projections';
import { unprocessable } from '@okapi/adapters/errors';
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
    const e = (await store.readAll({ from: toOffset(mid), limit: 1 })).at(0);
    if (!e || e.recordedAt >= epochMs) hi = mid;
    else lo = Number(e.offset) + 1;
  }
  return lo;
}

/**
 * Turns a parsed start (and the per-partition starts of WME `offsets` / `since_per_partition`)
 * into resume positions; refuses offsets beyond the head before streaming.
 */
export async function resolveStart(
  store: EventStore,
  start: StreamStart,
  selection?: PartitionSelection,
): Promise<ResolvedStart> {
  const global = await resolveGlobal(store, start);
  if (!selection?.starts.size) return global;
  const head = Number(await store.head());
  const partitions = new Map<number, BusPosition>();
  for (const [partition, s] of selection.starts) {
    if (s.kind === 'from' && s.offset > head + 1)
      throw unprocessable(
        'stream.invalid_offsets',
        `offset ${s.offset} of partition ${partition} is beyond the head of the log (${head})`,
      );
    // WME offsets are inclusive (`offset >= value`): start after the one before.
    const first = s.kind === 'from' ? s.offset : await firstOffsetSince(store, s.epochMs, head);
    partitions.set(partition, { offset: first - 1, index: Infinity });
  }
  return { ...global, partitions };
}

async function resolveGlobal(store: EventStore, start: StreamStart): Promise<ResolvedStart> {
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
