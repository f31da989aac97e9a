import { Brand } from './brand';

/**
 * Global position of an event in the event store.
 * SQLite: dense integers 1, 2, 3, ... EventStoreDB: the commit position (sparse, increasing).
 * Offsets are safe integers (< 2^53) so they travel as JSON numbers and SSE ids unchanged.
 * Offset 0 is "before the first event": reading from 0 replays everything.
 */
export type Offset = Brand<number, 'Offset'>;

export const START: Offset = 0 as Offset;

export function toOffset(value: number | bigint | string): Offset {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid offset: ${String(value)}`);
  return n as Offset;
}
