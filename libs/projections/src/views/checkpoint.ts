import { PROJECTIONS, ProjectionName } from '../schema/schema';
import { toClickHouseDateTime } from '../clickhouse/clickhouse-time';

export interface CheckpointRow {
  readonly projection_name: string;
  readonly last_offset: number;
  readonly updated_at: string;
}

/**
 * Rows that advance the given projections to `lastOffset` (the last event whose rows are written).
 * Written only after the view rows: a crash in between replays those events, which rewrites the
 * same rows with the same versions.
 */
export function checkpointRows(
  lastOffset: number,
  at: string,
  projections: readonly ProjectionName[] = PROJECTIONS,
): CheckpointRow[] {
  return projections.map((projection) => ({
    projection_name: projection,
    last_offset: lastOffset,
    updated_at: toClickHouseDateTime(at),
  }));
}

/**
 * The offset to resume reading from (inclusive): one past the lowest checkpoint, so a projection
 * that fell behind (or is new) is caught up; the others see replays, which are harmless.
 */
export function resumeOffset(
  stored: ReadonlyMap<string, number>,
  projections: readonly ProjectionName[] = PROJECTIONS,
): number {
  return Math.min(...projections.map((p) => stored.get(p) ?? 0)) + 1;
}
