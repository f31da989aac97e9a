import { RecordRevision } from '@okapi/domain';

/**
 * The revisions of the page being parsed, handed over when the page closes, or earlier in parts
 * once their text passes `maxPendingBytes` (history dumps of huge pages), so memory stays flat.
 */
export class DumpPageBuffer {
  private pending: RecordRevision[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly onRevisions: (revisions: RecordRevision[], complete: boolean) => void,
    private readonly maxPendingBytes: number,
  ) {}

  add(revision: RecordRevision): void {
    this.pending.push(revision);
    this.pendingBytes += revision.size ?? 0;
    if (this.pendingBytes >= this.maxPendingBytes) this.handOver(false);
  }

  /** Ends the page; `redirect` is the page's `<redirect>` element. */
  closePage(redirect: boolean): void {
    const pending = this.pending;
    const last = pending.at(-1);
    // <redirect> describes the page's current (last) revision, whatever language its magic word is in.
    if (redirect && last !== undefined && !last.isRedirect) pending[pending.length - 1] = { ...last, isRedirect: true };
    this.handOver(true);
  }

  private handOver(complete: boolean): void {
    const revisions = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (revisions.length > 0 || complete) this.onRevisions(revisions, complete);
  }
}
