import { RevokedSession } from './auth-store';

/**
 * Auth state every API replica shares and that survives restarts: revoked sessions and the login
 * history the throttle reads. Adapters: the embedded event store's SQLite database
 * (sqlite-auth-state.ts) and the ClickHouse server (clickhouse-auth-state.ts).
 */
export interface LoginAttempt {
  /** Milliseconds since the epoch (a burst of attempts falls within one second). */
  readonly at: number;
  readonly ok: boolean;
}

export interface RevocationPage {
  readonly sessions: readonly RevokedSession[];
  /** Pass back to get only what was revoked since (adapter-defined, increasing). */
  readonly cursor: number;
}

export interface AuthStateStore {
  readonly kind: 'sqlite' | 'clickhouse';
  revokeSession(session: RevokedSession, at: number): Promise<void>;
  /** Sessions revoked at or after `cursor` (0: all unexpired). */
  revokedSince(cursor: number, now: number): Promise<RevocationPage>;
  isRevoked(sid: string): Promise<boolean>;
  /** The same, synchronously, where the storage can answer at once (SQLite): every request then sees every revocation. */
  isRevokedNow?(sid: string): boolean;
  /** One attempt recorded under each key (`user:<name>`, `addr:<ip>`, `pair:<name>|<ip>`). */
  recordLogin(keys: readonly string[], attempt: LoginAttempt): Promise<void>;
  /** The newest attempts of `key` at or after `since`, newest first, at most `limit`. */
  recentLogins(key: string, since: number, limit: number): Promise<LoginAttempt[]>;
  /** Drops what no decision needs any more: revocations expired at `now` (s), attempts before `beforeMs`. */
  prune(now: number, beforeMs: number): Promise<void>;
  close(): Promise<void>;
}
