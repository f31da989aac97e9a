/**
 * At most 4 s: a client back within the server's keep-alive timeout (Node's 5 s) finds its
 * connection open; past it, it reconnects, a handshake and an accept more for each return.
 */
export const MAX_RETRY_AFTER_S = 4;

/**
 * Retry-After of a refusal: a whole number of seconds drawn uniformly from 1..`spread`, where
 * `spread` doubles after each second in which the server refused more than a quarter of what it
 * admitted and falls back by one after each second it did not (at most MAX_RETRY_AFTER_S).
 *
 * Why not a fixed `Retry-After: 1`: every client refused in one burst comes back in the same
 * second, as a burst again, and while it is refused it costs the server a parse and a write each
 * time (and its client a round trip): under a deep overload most of the server's time went into
 * refusals, and accepted requests waited behind them. Spread over more seconds as the overload
 * grows, fewer of them return each second (a mean wait of up to 2.5 s); at a light overload the wait stays
 * one second.
 */
export class RetryAfterSpread {
  private windowAt = -Infinity;
  private admitted = 0;
  private refused = 0;
  private spread = 1;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {}

  /** Seconds the server currently asks its refused clients to wait, at most. */
  get current(): number {
    this.roll();
    return this.spread;
  }

  admit(): void {
    this.roll();
    this.admitted++;
  }

  /** Counts a refusal and draws its Retry-After. */
  refuse(): number {
    this.roll();
    this.refused++;
    return 1 + Math.floor(this.random() * this.spread);
  }

  private roll(): void {
    const now = this.now();
    if (now - this.windowAt < 1000) return;
    // A quiet second (or more) between: back to the start.
    const idle = now - this.windowAt >= 2000;
    this.spread = idle
      ? 1
      : this.refused * 4 > this.admitted
        ? Math.min(MAX_RETRY_AFTER_S, this.spread * 2)
        : Math.max(1, this.spread - 1);
    this.windowAt = now;
    this.admitted = 0;
    this.refused = 0;
  }
}
