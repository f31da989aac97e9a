import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SourceCheckpoint, SourceCheckpoints } from '../plumbing';

/**
 * The source's resume point in a small JSON file, replaced atomically (write, fsync, rename) so
 * that a crash leaves either the old or the new checkpoint, never a torn one. Saved only AFTER
 * the commands of the event were appended: at-least-once, made exactly-once by the decider.
 */
export class CheckpointStore implements SourceCheckpoints {
  constructor(private readonly file: string) {}

  load(url: string): SourceCheckpoint | undefined {
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    const cp = JSON.parse(raw) as SourceCheckpoint;
    return streamsOf(cp.url) === streamsOf(url) && typeof cp.lastEventId === 'string' ? cp : undefined;
  }

  save(cp: SourceCheckpoint): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(cp));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}

/**
 * Ids name Kafka topics and positions, so they stay valid for the same stream list behind
 * another host or port (a proxy, a mirror); a different stream list starts afresh.
 */
function streamsOf(url: string): string {
  return new URL(url).pathname;
}
