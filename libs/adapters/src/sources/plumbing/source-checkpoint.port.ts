/** Where a live source resumes: the stream position of the last event whose commands were appended. */
export interface SourceCheckpoint {
  /** The stream URL the id belongs to (ids are only meaningful to the stream that issued them). */
  readonly url: string;
  /** The stream's id of that event (EventStreams: the SSE `id`, a JSON array, verbatim). */
  readonly lastEventId: string;
  /** Wiki-side time (`meta.dt`) of that event, for lag and `?since=` fallbacks. */
  readonly eventTime?: string;
  readonly updatedAt: string;
}

/**
 * The port a live source keeps its resume point through: saved only after the event's commands
 * were appended (at-least-once, made exactly-once by the decider). Adapter: a JSON file replaced
 * atomically (sources/eventstreams/checkpoint.store.ts).
 */
export interface SourceCheckpoints {
  /** The saved checkpoint when it belongs to the stream at `url`, else undefined (start afresh). */
  load(url: string): SourceCheckpoint | undefined;
  save(checkpoint: SourceCheckpoint): void;
}
