/** What wal-checkpointer.ts and its worker (wal-checkpoint.worker.ts) say to each other. */
export interface CheckpointerInput {
  readonly path: string;
}

/** Checkpoint now, or close the connection and end the thread. */
export type CheckpointRequest = 'checkpoint' | 'close';

/** A checkpoint's outcome: frames in the WAL, and how many of them are in the database file now. */
export interface CheckpointReply {
  readonly walFrames: number;
  readonly checkpointed: number;
}

/**
 * A checkpoint, or why the thread stopped: said in words, as a SqliteError crosses threads as its
 * `code` alone.
 */
export type CheckpointerMessage =
  | ({ readonly kind: 'checkpointed' } & CheckpointReply)
  | { readonly kind: 'failed'; readonly message: string };
