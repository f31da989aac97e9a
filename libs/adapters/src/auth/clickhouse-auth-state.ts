import { sqlIdent, sqlString } from '@okapi/projections';
import { ServerEngine, ServerTarget } from '../clickhouse/server-engine';
import { RevokedSession } from './auth-store';
import { AuthStateStore, LoginAttempt, RevocationPage } from './auth-state';

/**
 * Auth state on the ClickHouse server, for the distributed mode (API replicas without a shared
 * SQLite file). Its own database, `<okapi database>_auth`, which the read-only SQL user is not
 * granted in Kubernetes (the local server script's user can read every database: login attempts
 * are stored under HMAC keys, so they name no user and no address). Portable to 18.16 (no TTL: `prune`
 * deletes with a mutation). A revocation is visible to every replica's next query; bearer checks
 * use a mirror each replica pulls every second (authenticator.ts).
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS auth_revoked_sessions (sid String, exp UInt64, revoked_at UInt64)
   ENGINE = ReplacingMergeTree ORDER BY sid`,
  `CREATE TABLE IF NOT EXISTS auth_login_attempts (key String, at UInt64, ok UInt8)
   ENGINE = MergeTree ORDER BY (key, at)`,
];

export class ClickHouseAuthState implements AuthStateStore {
  readonly kind = 'clickhouse' as const;

  private constructor(private readonly engine: ServerEngine) {}

  static async open(target: ServerTarget): Promise<ClickHouseAuthState> {
    const engine = await ServerEngine.open({ ...target, database: sqlIdent(`${target.database}_auth`) });
    for (const ddl of DDL) await engine.exec(ddl);
    return new ClickHouseAuthState(engine);
  }

  async revokeSession(session: RevokedSession, at: number): Promise<void> {
    await this.engine.insertJsonEachRow('auth_revoked_sessions', [
      { sid: session.sid, exp: session.exp, revoked_at: at },
    ]);
  }

  /** Cursor: a revoked_at second; rows of that second are read again (the caller's map dedupes). */
  async revokedSince(cursor: number, now: number): Promise<RevocationPage> {
    const rows = await this.engine.query<{ sid: string; exp: number | string; revoked_at: number | string }>(
      `SELECT sid, exp, revoked_at FROM auth_revoked_sessions WHERE revoked_at >= ${Math.floor(cursor)} AND exp > ${Math.floor(now)}`,
    );
    return {
      sessions: rows.map((r) => ({ sid: r.sid, exp: Number(r.exp) })),
      cursor: rows.reduce((max, r) => Math.max(max, Number(r.revoked_at)), cursor),
    };
  }

  async isRevoked(sid: string): Promise<boolean> {
    const rows = await this.engine.query(`SELECT 1 FROM auth_revoked_sessions WHERE sid = ${sqlString(sid)} LIMIT 1`);
    return rows.length > 0;
  }

  async recordLogin(keys: readonly string[], attempt: LoginAttempt): Promise<void> {
    await this.engine.insertJsonEachRow(
      'auth_login_attempts',
      keys.map((key) => ({ key, at: attempt.at, ok: attempt.ok ? 1 : 0 })),
    );
  }

  async recentLogins(key: string, since: number, limit: number): Promise<LoginAttempt[]> {
    const rows = await this.engine.query<{ at: number | string; ok: number }>(
      `SELECT at, ok FROM auth_login_attempts WHERE key = ${sqlString(key)} AND at >= ${Math.floor(since)}
       ORDER BY at DESC, ok ASC LIMIT ${Math.floor(limit)}`,
    );
    return rows.map((r) => ({ at: Number(r.at), ok: r.ok === 1 }));
  }

  async prune(now: number, before: number): Promise<void> {
    await this.engine.exec(`ALTER TABLE auth_revoked_sessions DELETE WHERE exp <= ${Math.floor(now)}`);
    await this.engine.exec(`ALTER TABLE auth_login_attempts DELETE WHERE at < ${Math.floor(before)}`);
  }

  /** Drops the auth database (tests' random databases). */
  async dropDatabase(): Promise<void> {
    await this.engine.dropDatabase();
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}
