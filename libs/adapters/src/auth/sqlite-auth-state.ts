import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RevokedSession } from './auth-store';
import { AuthStateStore, LoginAttempt, RevocationPage } from './auth-state';
import { promised } from '../errors/promised';

const DDL = `
CREATE TABLE IF NOT EXISTS auth_revoked_sessions (
  seq        INTEGER PRIMARY KEY,
  sid        TEXT    NOT NULL UNIQUE,
  exp        INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_login_attempts (
  key TEXT    NOT NULL,
  at  INTEGER NOT NULL,
  ok  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_login_attempts_key_at ON auth_login_attempts (key, at);
`;

/**
 * Auth state in the embedded event store's SQLite file (its own tables, beside `events`): every
 * process on that file (each `okapi api`, `okapi start`) reads and writes the same rows, and a
 * revocation check is a synchronous primary-key lookup, so it is exact on every request.
 */
export class SqliteAuthState implements AuthStateStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly revokedStmt: Database.Statement<[string], { one: number }>;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(DDL);
    this.revokedStmt = this.db.prepare('SELECT 1 AS one FROM auth_revoked_sessions WHERE sid = ?');
  }

  revokeSession(session: RevokedSession, at: number): Promise<void> {
    return promised(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO auth_revoked_sessions (sid, exp, revoked_at) VALUES (?, ?, ?)')
        .run(session.sid, session.exp, at);
    });
  }

  revokedSince(cursor: number, now: number): Promise<RevocationPage> {
    return promised(() => {
      const rows = this.db
        .prepare('SELECT seq, sid, exp FROM auth_revoked_sessions WHERE seq >= ? AND exp > ? ORDER BY seq')
        .all(cursor, now) as { seq: number; sid: string; exp: number }[];
      return {
        sessions: rows.map(({ sid, exp }) => ({ sid, exp })),
        cursor: rows.length > 0 ? rows[rows.length - 1].seq : cursor,
      };
    });
  }

  isRevoked(sid: string): Promise<boolean> {
    return promised(() => this.isRevokedNow(sid));
  }

  isRevokedNow(sid: string): boolean {
    return this.revokedStmt.get(sid) !== undefined;
  }

  recordLogin(keys: readonly string[], attempt: LoginAttempt): Promise<void> {
    return promised(() => {
      const insert = this.db.prepare('INSERT INTO auth_login_attempts (key, at, ok) VALUES (?, ?, ?)');
      this.db.transaction(() => {
        for (const key of keys) insert.run(key, attempt.at, attempt.ok ? 1 : 0);
      })();
    });
  }

  recentLogins(key: string, since: number, limit: number): Promise<LoginAttempt[]> {
    return promised(() => {
      const rows = this.db
        .prepare(
          'SELECT at, ok FROM auth_login_attempts WHERE key = ? AND at >= ? ORDER BY at DESC, rowid DESC LIMIT ?',
        )
        .all(key, since, limit) as { at: number; ok: number }[];
      return rows.map((r) => ({ at: r.at, ok: r.ok === 1 }));
    });
  }

  prune(now: number, before: number): Promise<void> {
    return promised(() => {
      this.db.prepare('DELETE FROM auth_revoked_sessions WHERE exp <= ?').run(now);
      this.db.prepare('DELETE FROM auth_login_attempts WHERE at < ?').run(before);
    });
  }

  close(): Promise<void> {
    return promised(() => {
      this.db.close();
    });
  }
}
