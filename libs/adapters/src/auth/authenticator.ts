import { createHash, createHmac, randomUUID } from 'node:crypto';
import { unauthorized } from '../errors/okapi-error';
import { AuthStore, StoredUser } from './auth-store';
import { AuthStateStore } from './auth-state';
import { JwtClaims, signJwt, verifyJwt } from './jwt';
import { DEFAULT_THROTTLE, LoginThrottle, ThrottlePolicy } from './login-throttle';
import { verifyPassword } from './password-hash';

export interface AuthSettings {
  readonly users: readonly StoredUser[];
  readonly apiTokens: readonly string[];
  readonly jwtSecret?: string;
  /** Seconds. */
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  /** Login throttling (default DEFAULT_THROTTLE). */
  readonly throttle?: ThrottlePolicy;
}

/** WME `/v1/login` response. */
export interface LoginTokens {
  readonly id_token: string;
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
}

export type RefreshedTokens = Omit<LoginTokens, 'refresh_token'>;

export interface Principal {
  readonly subject: string;
  readonly kind: 'user' | 'api_token';
}

const ISSUER = 'okapi';
/** Verified access tokens remembered so the hot path skips the HMAC; bounded, cleared when full. */
const VERIFIED_CACHE_MAX = 10_000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** How often a replica pulls revocations made elsewhere when its store has no synchronous check. */
const REVOCATION_POLL_MS = 1000;
/** Login attempts and known addresses are kept this long (seconds). */
const LOGIN_HISTORY_S = 90 * 86_400;

/**
 * Login, refresh, revoke and bearer-token checks. Every token of one login shares a session id;
 * revoking the refresh token revokes that session, which kills its access tokens too. Revoked
 * sessions and login attempts live in the shared AuthStateStore, so every replica (and every
 * restart) sees them: refresh and revoke ask the store; a bearer check asks it synchronously when
 * it can (SQLite), else a mirror pulled every second (ClickHouse server).
 */
export class Authenticator {
  private readonly secret: Buffer;
  private readonly users = new Map<string, StoredUser>();
  private readonly apiTokens: ReadonlySet<string>;
  /** Static tokens already matched (raw): bounded by the configured ones, skips a SHA-256 per request. */
  private readonly apiTokensSeen = new Set<string>();
  /** Mirror of the store's revocations (used when the store has no synchronous check). */
  private readonly revoked = new Map<string, number>();
  private revokedCursor = 0;
  private poll: NodeJS.Timeout | undefined;
  private readonly verified = new Map<string, JwtClaims>();
  private readonly throttle: LoginThrottle;
  /** Token times: seconds. */
  private readonly nowSeconds: () => number;
  /** The throttle's clock: milliseconds, so a burst of attempts within one second is ordered. */
  private readonly nowMs: () => number;

  /** `clock`: seconds since the epoch (tests); default the system clock. */
  constructor(
    private readonly store: AuthStore,
    private readonly state: AuthStateStore,
    private readonly settings: AuthSettings,
    clock?: () => number,
  ) {
    this.nowSeconds = clock ?? (() => Math.floor(Date.now() / 1000));
    this.nowMs = clock ? () => clock() * 1000 : () => Date.now();
    this.secret = store.secret(settings.jwtSecret);
    // Configured users win over stored ones of the same name.
    for (const u of [...store.users(), ...settings.users]) this.users.set(u.username, u);
    this.apiTokens = new Set(settings.apiTokens.map(sha256));
    this.throttle = new LoginThrottle(state, settings.throttle ?? DEFAULT_THROTTLE, (key) =>
      createHmac('sha256', this.secret).update(`login-attempt:${key}`).digest('base64url'),
    );
  }

  /**
   * Moves revocations of the old per-process file into the shared store, loads the mirror and
   * (without a synchronous store check) keeps pulling it. Call once before serving.
   */
  async start(pollMs = REVOCATION_POLL_MS): Promise<void> {
    const now = this.nowSeconds();
    for (const s of this.store.revokedSessions()) if (s.exp > now) await this.state.revokeSession(s, now);
    this.store.forgetRevokedSessionsFile();
    await this.state.prune(now, this.nowMs() - LOGIN_HISTORY_S * 1000);
    await this.syncRevocations();
    if (!this.state.isRevokedNow && pollMs > 0) {
      this.poll = setInterval(() => void this.syncRevocations().catch(() => undefined), pollMs);
      this.poll.unref();
    }
  }

  /** Pulls revocations made since the last pull (by any replica). */
  async syncRevocations(): Promise<void> {
    const page = await this.state.revokedSince(this.revokedCursor, this.nowSeconds());
    for (const s of page.sessions) this.revoked.set(s.sid, s.exp);
    this.revokedCursor = page.cursor;
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  private isRevoked(sid: string): boolean {
    return this.state.isRevokedNow ? this.state.isRevokedNow(sid) : this.revoked.has(sid);
  }

  /** Users from the store file may have been created after construction (first-run admin). */
  reloadUsers(): void {
    for (const u of [...this.store.users(), ...this.settings.users]) this.users.set(u.username, u);
  }

  /** `address`: the client's IP address, one of the two keys of the login throttle. */
  async login(username: string, password: string, address: string): Promise<LoginTokens> {
    const now = this.nowSeconds();
    await this.throttle.check(username, address, this.nowMs());
    const user = this.users.get(username);
    // Hash even for unknown users so response time does not reveal which names exist.
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok) {
      await this.throttle.failed(username, address, this.nowMs());
      throw unauthorized('invalid username or password', 'auth.invalid_credentials');
    }
    await this.throttle.succeeded(username, address, this.nowMs());
    const sid = randomUUID();
    const refresh_token = this.mint(username, 'refresh', sid, now, this.settings.refreshTokenTtl);
    return { ...this.accessPair(username, sid, now), refresh_token };
  }

  async refresh(refreshToken: string, username?: string): Promise<RefreshedTokens> {
    const claims = this.check(refreshToken, 'refresh');
    // Exact whatever the store: a refresh token revoked on another replica a moment ago is refused.
    if (await this.state.isRevoked(claims.sid)) throw unauthorized('token revoked', 'auth.token_revoked');
    if (username !== undefined && claims.sub !== username)
      throw unauthorized('refresh token belongs to another user', 'auth.invalid_token');
    return this.accessPair(claims.sub, claims.sid, this.nowSeconds());
  }

  /** Revokes the session of a refresh token. Revoking an already revoked or expired token is fine. */
  async revoke(refreshToken: string): Promise<void> {
    const claims = verifyJwt(refreshToken, this.secret, 0);
    if (typeof claims === 'string' || claims.typ !== 'refresh')
      throw unauthorized('not a refresh token issued here', 'auth.invalid_token');
    await this.state.revokeSession({ sid: claims.sid, exp: claims.exp }, this.nowSeconds());
    this.revoked.set(claims.sid, claims.exp);
  }

  /** Checks a bearer token: a static API token or an unexpired, unrevoked access token. */
  authenticate(token: string): Principal {
    const cached = this.verified.get(token);
    if (cached && cached.exp > this.nowSeconds() && !this.isRevoked(cached.sid))
      return { subject: cached.sub, kind: 'user' };
    if (this.apiTokens.size > 0 && (this.apiTokensSeen.has(token) || this.apiTokens.has(sha256(token)))) {
      this.apiTokensSeen.add(token);
      return { subject: 'api-token', kind: 'api_token' };
    }
    const claims = this.check(token, 'access');
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
    this.verified.set(token, claims);
    return { subject: claims.sub, kind: 'user' };
  }

  private check(token: string, typ: JwtClaims['typ']): JwtClaims {
    const claims = verifyJwt(token, this.secret, this.nowSeconds());
    if (claims === 'expired') throw unauthorized('token expired', 'auth.token_expired');
    if (typeof claims === 'string' || claims.typ !== typ || claims.iss !== ISSUER) {
      throw unauthorized(`invalid ${typ} token`, 'auth.invalid_token');
    }
    if (this.isRevoked(claims.sid)) throw unauthorized('token revoked', 'auth.token_revoked');
    return claims;
  }

  private accessPair(sub: string, sid: string, now: number): RefreshedTokens {
    const ttl = this.settings.accessTokenTtl;
    return {
      id_token: this.mint(sub, 'id', sid, now, ttl),
      access_token: this.mint(sub, 'access', sid, now, ttl),
      expires_in: ttl,
    };
  }

  private mint(sub: string, typ: JwtClaims['typ'], sid: string, now: number, ttl: number): string {
    return signJwt({ sub, typ, sid, iat: now, exp: now + ttl, iss: ISSUER, jti: randomUUID() }, this.secret);
  }
}

/** A valid hash of a random password, verified against when the user does not exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$0000000000000000000000000000000000000000000=';
