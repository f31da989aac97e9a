import { OkapiError } from '../errors/okapi-error';

/**
 * Slows password guessing: after `maxFailures` failed logins for one username within
 * `windowSeconds`, further attempts for it are refused with 429 until the window ends. In memory
 * (per process) and bounded: the table is cleared when it grows past `maxKeys`.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowSeconds = 300,
    private readonly maxKeys = 10_000,
  ) {}

  /** Throws auth.too_many_attempts while `key` is locked out. */
  check(key: string, now: number): void {
    const f = this.failures.get(key);
    if (!f) return;
    if (f.resetAt <= now) {
      this.failures.delete(key);
      return;
    }
    if (f.count >= this.maxFailures) {
      throw new OkapiError(
        'auth.too_many_attempts',
        429,
        `too many failed logins for this user; retry in ${f.resetAt - now} s`,
        { retryAfter: f.resetAt - now },
      );
    }
  }

  failed(key: string, now: number): void {
    if (this.failures.size >= this.maxKeys) this.failures.clear();
    const f = this.failures.get(key);
    if (f && f.resetAt > now) f.count++;
    else this.failures.set(key, { count: 1, resetAt: now + this.windowSeconds });
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
