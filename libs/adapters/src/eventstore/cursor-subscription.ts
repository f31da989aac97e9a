import { RecordedEvent, Subscription } from '@okapi/domain';
import { AppendNotifier } from './append-notifier';
import { promised } from '../errors/promised';

/** One page read from a cursor: the events (offset order) and the cursor just after them. */
export interface CursorPage<C> {
  readonly events: readonly RecordedEvent[];
  readonly next: C;
}

export interface CursorSubscriptionOptions<C> {
  readonly start: C;
  readonly readPage: (cursor: C) => Promise<CursorPage<C>>;
  readonly notifier: AppendNotifier;
  /** Longest wait before re-reading when idle (picks up other processes' appends). */
  readonly pollIntervalMs: number;
  readonly onClose?: (sub: CursorSubscription<C>) => void;
}

/**
 * Catch-up and live are the same loop: read the page after the cursor, yield it, advance the
 * cursor; when a page is empty, sleep until an append notification or the poll interval. Because
 * the log itself is the only source of events (notifications carry none), the hand-over from
 * catch-up to live cannot drop or repeat an event.
 */
export class CursorSubscription<C> implements Subscription {
  private closed = false;
  private cancelWait?: () => void;
  private iterating = false;

  constructor(private readonly options: CursorSubscriptionOptions<C>) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterating) throw new Error('a subscription can be iterated only once');
    this.iterating = true;
    let cursor = this.options.start;
    try {
      while (!this.closed) {
        const page = await this.options.readPage(cursor);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may run during the await; TypeScript keeps the narrowing across it (TypeScript#9998).
        if (this.closed) return;
        cursor = page.next;
        if (page.events.length === 0) {
          await this.idle();
          continue;
        }
        for (const event of page.events) {
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- closed by close() while the consumer held the last event (TypeScript#9998).
          if (this.closed) return;
          yield event;
        }
      }
    } finally {
      this.markClosed();
    }
  }

  close(): Promise<void> {
    return promised(() => this.markClosed());
  }

  private idle(): Promise<void> {
    return this.options.notifier.wait(this.options.pollIntervalMs, {
      onCancel: (fn) => {
        this.cancelWait = fn;
      },
    });
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelWait?.();
    this.options.onClose?.(this);
  }
}
