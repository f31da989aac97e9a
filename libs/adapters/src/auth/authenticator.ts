import { createHash, randomUUID } from 'node:crypto';
import { unauthorized } from '../errors/okapi-error';
import { AuthStore, RevokedSession, StoredUser } from './auth-store';
import { JwtClaims, signJwt, verifyJwt } from './jwt';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password-hash';

export interface AuthSettings {
  readonly users: readonly StoredUser[];
  readonly apiTokens: readonly string[];
  readonly jwtSecret?: string;
  /** Seconds. */
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
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

/**
 * Login, refresh, revoke and bearer-token checks. Every token of one login shares a session id;
 * revoking the refresh token revokes that session, which kills its access tokens too.
 */
export class Authenticator {
  private readonly secret: Buffer;
  private readonly users = new Map<string, StoredUser>();
  private readonly apiTokens: ReadonlySet<string>;
  /** Static tokens already matched (raw): bounded by the configured ones, skips a SHA-256 per request. */
  private readonly apiTokensSeen = new Set<string>();
  private readonly revoked = new Map<string, number>();
  private readonly verified = new Map<string, JwtClaims>();
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly store: AuthStore,
    private readonly settings: AuthSettings,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.secret = store.secret(settings.jwtSecret);
    // Configured users win over stored ones of the same name.
    for (const u of [...store.users(), ...settings.users]) this.users.set(u.username, u);
    this.apiTokens = new Set(settings.apiTokens.map(sha256));
    for (const s of store.revokedSessions()) this.revoked.set(s.sid, s.exp);
  }

  /** Users from the store file may have been created after construction (first-run admin). */
  reloadUsers(): void {
    for (const u of [...this.store.users(), ...this.settings.users]) this.users.set(u.username, u);
  }

  async login(username: string, password: string): Promise<LoginTokens> {
    const now = this.nowSeconds();
    this.throttle.check(username, now);
    const user = this.users.get(username);
    // Hash even for unknown users so response time does not reveal which names exist.
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok) {
      this.throttle.failed(username, now);
      throw unauthorized('invalid username or password', 'auth.invalid_credentials');
    }
    this.throttle.succeeded(username);
    const sid = randomUUID();
    const refresh_token = this.mint(username, 'refresh', sid, now, this.settings.refreshTokenTtl);
    return { ...this.accessPair(username, sid, now), refresh_token };
  }

  refresh(refreshToken: string, username?: string): RefreshedTokens {
    const claims = this.check(refreshToken, 'refresh');
    if (username !== undefined && claims.sub !== username)
      throw unauthorized('refresh token belongs to another user', 'auth.invalid_token');
    return this.accessPair(claims.sub, claims.sid, this.nowSeconds());
  }

  /** Revokes the session of a refresh token. Revoking an already revoked or expired token is fine. */
  revoke(refreshToken: string): void {
    const claims = verifyJwt(refreshToken, this.secret, 0);
    if (typeof claims === 'string' || claims.typ !== 'refresh')
      throw unauthorized('not a refresh token issued here', 'auth.invalid_token');
    if (this.revoked.has(claims.sid)) return;
    this.revoked.set(claims.sid, claims.exp);
    const now = this.nowSeconds();
    const kept: RevokedSession[] = [];
    for (const [sid, exp] of this.revoked) if (exp > now) kept.push({ sid, exp });
    this.store.saveRevokedSessions(kept);
  }

  /** Checks a bearer token: a static API token or an unexpired, unrevoked access token. */
  authenticate(token: string): Principal {
    const cached = this.verified.get(token);
    if (cached && cached.exp > this.nowSeconds() && !this.revoked.has(cached.sid))
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
    if (this.revoked.has(claims.sid)) throw unauthorized('token revoked', 'auth.token_revoked');
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
