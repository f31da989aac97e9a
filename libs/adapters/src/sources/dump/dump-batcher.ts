import { RecordRevision } from '@okapi/domain';

/** Hands one batch on (to the event store, or across a thread); awaited before parsing goes on. */
export type FlushBatch = (commands: RecordRevision[]) => Promise<void>;

export interface BatchLimits {
  /** Complete pages per append (one transaction). */
  readonly pages: number;
  /** Also cut a batch at this many revisions (history dumps: thousands per page). */
  readonly revisions: number;
  /** ...or this many text bytes, so one transaction never holds a whole huge page history. */
  readonly bytes: number;
}

/**
 * Collects the parser's output and appends it in batches of whole pages. The parser only hands
 * over complete revisions, so whatever is buffered here can always be appended, even when the
 * dump breaks right after it: that is what lets an import stop at an error without losing pages.
 */
export class DumpBatcher {
  private commands: RecordRevision[] = [];
  private pages = 0;
  private bytes = 0;

  constructor(
    private readonly limits: BatchLimits,
    private readonly flushTo: FlushBatch,
  ) {}

  add(revisions: readonly RecordRevision[], pageComplete: boolean): void {
    for (const r of revisions) {
      this.commands.push(r);
      this.bytes += r.size ?? 0;
    }
    if (pageComplete) this.pages++;
  }

  get full(): boolean {
    const l = this.limits;
    return this.pages >= l.pages || this.commands.length >= l.revisions || this.bytes >= l.bytes;
  }

  async flush(): Promise<void> {
    if (this.commands.length === 0) return;
    const commands = this.commands;
    this.commands = [];
    this.pages = this.bytes = 0;
    await this.flushTo(commands);
  }
}
