/**
 * Wakes idle subscriptions. The store calls `notify()` after each append it commits (or when a
 * server push says something new exists); a waiting subscription also wakes after its poll
 * interval, which is how appends made by OTHER processes on the same store are picked up.
 */
export class AppendNotifier {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next `notify()`, after `timeoutMs`, or when `cancel` fires, whichever is first. */
  wait(timeoutMs: number, cancel: { onCancel(fn: () => void): void }): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      cancel.onCancel(done);
    });
  }

  get waiting(): number {
    return this.waiters.size;
  }
}
