/**
 * Worker thread body (started by wal-checkpointer.ts): its own connection to the store's file,
 * checkpointing the WAL into it when the store says enough was appended. PASSIVE copies the
 * frames no reader still needs and never waits for, nor blocks, the writer.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointerInput, CheckpointerMessage, CheckpointRequest } from './wal-checkpoint-protocol';

// Nothing of @okapi/domain here: the thread loads better-sqlite3 and this file, no more.
const port = parentPort;
if (!port) throw new Error('wal-checkpoint.worker.ts runs as a worker thread');
const post = (m: CheckpointerMessage): void => port.postMessage(m);

/** Checkpoints in a row at most, catching up with a writer that keeps committing. */
const MAX_PASSES = 4;

let db: Database.Database | undefined;

function checkpointed(): CheckpointerMessage {
  if (!db) {
    db = new Database((workerData as CheckpointerInput).path, { fileMustExist: true });
    // A checkpoint syncs the WAL, then the database file, as the writer's own would.
    db.pragma('synchronous = NORMAL');
  }
  const connection = db;
  const checkpoint = () => (connection.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[])[0];
  // The WAL starts over from its beginning (its file stops growing) only at a write that finds
  // every frame checkpointed: so again, for what was committed meanwhile, until caught up.
  let r = checkpoint();
  for (let pass = 1; pass < MAX_PASSES && r.checkpointed < r.log; pass++) r = checkpoint();
  return { kind: 'checkpointed', walFrames: r.log, checkpointed: r.checkpointed };
}

function close(): void {
  // Before the writer closes: its close is then the last one, which checkpoints the rest and
  // removes the WAL, as without a checkpointer.
  db?.close();
  port?.close();
}

port.on('message', (m: CheckpointRequest) => {
  if (m === 'close') return close();
  try {
    post(checkpointed());
  } catch (e) {
    post({ kind: 'failed', message: (e as Error).message });
    close();
  }
});
