import { OkapiError } from '../errors/okapi-error';
import { AuthStateStore, LoginAttempt } from './auth-state';

/**
 * Login throttling shared by every replica (the attempts live in the AuthStateStore).
 *
 * Two counters, each the failures since that key's last success within `forgetAfter`:
 * - per client address (`addr:<ip>`): after `addressFreeFailures`, each attempt from it waits
 *   base * 2^(extra failures) seconds after its last failure, capped at `maxDelay`;
 * - per username (`user:<name>`): the same after `userFreeFailures` (guessing from many addresses).
 *
 * Nobody can lock another user out for good: every delay is capped, and an address the user has
 * logged in from before (a successful login recorded under `pair:<name>|<ip>` within
 * `knownAddressFor`) skips the per-username delay, so an attacker elsewhere who keeps failing on
 * that name does not stop its owner (that address still has its own per-address counter).
 */
export interface ThrottlePolicy {
  readonly addressFreeFailures: number;
  readonly userFreeFailures: number;
  /** Seconds: the first delay; each further failure doubles it. */
  readonly baseDelay: number;
  readonly maxDelay: number;
  /** Seconds after which failures no longer count. */
  readonly forgetAfter: number;
  readonly knownAddressFor: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  addressFreeFailures: 5,
  userFreeFailures: 10,
  baseDelay: 1,
  maxDelay: 900,
  forgetAfter: 86_400,
  knownAddressFor: 90 * 86_400,
};

/** Most attempts read per key: enough to reach the cap (2^10 > 900) after the free failures. */
const READ_LIMIT = 64;

/** Milliseconds until `history` (newest first) allows another attempt (0: now). `nowMs`: epoch ms. */
export function waitFor(history: readonly LoginAttempt[], free: number, policy: ThrottlePolicy, nowMs: number): number {
  let failures = 0;
  for (const a of history) {
    if (a.ok) break;
    failures++;
  }
  if (failures < free) return 0;
  const delay = Math.min(policy.baseDelay * 2 ** Math.min(failures - free, 30), policy.maxDelay) * 1000;
  return Math.max(0, history[0].at + delay - nowMs);
}

export const loginKeys = (username: string, address: string, keyOf: (key: string) => string = (k) => k) => ({
  user: keyOf(`user:${username}`),
  addr: keyOf(`addr:${address}`),
  pair: keyOf(`pair:${username}|${address}`),
});

export class LoginThrottle {
  constructor(
    private readonly state: AuthStateStore,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    /**
     * How a key is stored: the Authenticator passes an HMAC under the token signing key, so the
     * stored attempts name no user and no address (a ClickHouse server's read-only SQL user may
     * see the auth database; only keyed hashes, times and outcomes are there).
     */
    private readonly keyOf: (key: string) => string = (k) => k,
  ) {}

  /** Throws auth.too_many_attempts (429, `retryAfter` seconds) while this attempt must wait. */
  async check(username: string, address: string, nowMs: number): Promise<void> {
    const keys = loginKeys(username, address, this.keyOf);
    const since = nowMs - this.policy.forgetAfter * 1000;
    const [byAddress, byUser, known] = await Promise.all([
      this.state.recentLogins(keys.addr, since, READ_LIMIT),
      this.state.recentLogins(keys.user, since, READ_LIMIT),
      this.state.recentLogins(keys.pair, nowMs - this.policy.knownAddressFor * 1000, 1),
    ]);
    const waitMs = Math.max(
      waitFor(byAddress, this.policy.addressFreeFailures, this.policy, nowMs),
      known.some((a) => a.ok) ? 0 : waitFor(byUser, this.policy.userFreeFailures, this.policy, nowMs),
    );
    if (waitMs > 0) {
      const wait = Math.ceil(waitMs / 1000);
      throw new OkapiError('auth.too_many_attempts', 429, `too many failed logins; retry in ${wait} s`, {
        retryAfter: wait,
      });
    }
  }

  async failed(username: string, address: string, nowMs: number): Promise<void> {
    const keys = loginKeys(username, address, this.keyOf);
    await this.state.recordLogin([keys.user, keys.addr], { at: nowMs, ok: false });
  }

  async succeeded(username: string, address: string, nowMs: number): Promise<void> {
    const keys = loginKeys(username, address, this.keyOf);
    await this.state.recordLogin([keys.user, keys.addr, keys.pair], { at: nowMs, ok: true });
  }
}
