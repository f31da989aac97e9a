import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DeadLetter {
  /** SSE id (or other position) of the event, so it can be found upstream again. */
  readonly id?: string;
  readonly reason: string;
  /** The payload as received (or the command that lacked content). */
  readonly raw: string;
}

/**
 * Events set aside instead of stopping the stream: one NDJSON line each, appended under the
 * data dir (`dead-letter/<source>.ndjson`), for inspection and replay by hand.
 */
export class DeadLetterWriter {
  constructor(
    private readonly file: string,
    private readonly source: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get path(): string {
    return this.file;
  }

  write(letter: DeadLetter): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const line = JSON.stringify({ at: this.now().toISOString(), source: this.source, ...letter });
    appendFileSync(this.file, `${line}\n`);
  }
}
