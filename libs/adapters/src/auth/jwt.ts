import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact HS256 JSON Web Tokens (RFC 7519) with node:crypto, so no JWT dependency is needed.
 * Only HS256 is accepted: a token naming another `alg` (including `none`) is rejected.
 */
export interface JwtClaims {
  /** Username (or `token:<n>` for static API tokens). */
  readonly sub: string;
  /** What the token is for; an access token is never accepted as a refresh token and vice versa. */
  readonly typ: 'access' | 'refresh' | 'id';
  /** Session id: every token minted from one login shares it, so revoking it kills them all. */
  readonly sid: string;
  /** Issued-at and expiry, seconds since the epoch. */
  readonly iat: number;
  readonly exp: number;
  readonly iss?: string;
  readonly aud?: string;
  /** Unique per token, so two tokens minted in the same second differ. */
  readonly jti?: string;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function signature(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${signature(secret, body).toString('base64url')}`;
}

export type JwtFailure = 'malformed' | 'bad_signature' | 'expired';

/**
 * Strict base64url (RFC 4648 §5, no padding): only the 64-letter alphabet, and canonical, i.e. the
 * text is exactly what encoding its bytes gives back. Node's decoder is lenient (it skips `=`,
 * `+`, `/`, whitespace and junk after the data, and ignores unused trailing bits), so two
 * different texts could otherwise carry one signature.
 */
function strictBase64url(part: string): Buffer | undefined {
  if (part.length === 0 || !/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

/** Returns the claims of a well-signed, unexpired token, or why it is not. `now` in seconds. */
export function verifyJwt(token: string, secret: Buffer, now: number): JwtClaims | JwtFailure {
  const parts = token.split('.');
  // An HS256 signature is 32 bytes: 43 letters, no more (anything appended is junk).
  if (parts.length !== 3 || parts[0] !== HEADER || parts[2].length !== 43) return 'malformed';
  const payload = strictBase64url(parts[1]);
  const given = strictBase64url(parts[2]);
  if (!payload || !given) return 'malformed';
  const expected = signature(secret, `${parts[0]}.${parts[1]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'malformed';
  }
  if (parsed === null || typeof parsed !== 'object') return 'malformed';
  const claims = parsed as { readonly [K in keyof JwtClaims]?: unknown };
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string')
    return 'malformed';
  // The signature proves Okapi minted these claims; the fields read above are checked anyway.
  return claims.exp <= now ? 'expired' : (parsed as JwtClaims);
}
