import { ExpectedRevision, StreamRevisionConflict } from '@okapi/domain';

/**
 * The optimistic-concurrency rule every event store adapter applies before appending:
 * `actual` is the stream's last revision, undefined when the stream does not exist.
 */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, actual: number | undefined): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? actual === undefined : actual === expected) return;
  throw new StreamRevisionConflict(stream, expected, actual ?? 'no_stream');
}
