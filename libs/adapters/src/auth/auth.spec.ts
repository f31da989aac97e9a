import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must } from '@okapi/domain';
import { OkapiError } from '../errors/okapi-error';
import { AuthStore, parseUserList } from './auth-store';
import { AuthStateStore } from './auth-state';
import { Authenticator } from './authenticator';
import { signJwt, verifyJwt } from './jwt';
import { hashPassword, verifyPassword } from './password-hash';
import { SqliteAuthState } from './sqlite-auth-state';

describe('auth', () => {
  let dir: string;
  let now: number;
  const settings = { users: [], apiTokens: ['static-token-1'], accessTokenTtl: 3600, refreshTokenTtl: 86400 };
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return (e as OkapiError).code;
    }
    return undefined;
  };

  const states: AuthStateStore[] = [];
  /** A replica's view of the shared state: its own connection to the one SQLite file. */
  const replica = (store: AuthStore, extra: object = {}): Authenticator => {
    const state = new SqliteAuthState(join(dir, 'events.sqlite3'));
    states.push(state);
    return new Authenticator(store, state, { ...settings, ...extra }, () => now);
  };
  const codeOfAsync = (p: Promise<unknown>): Promise<string | undefined> =>
    p.then(
      () => undefined,
      (e: unknown) => (e as OkapiError).code,
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okapi-auth-'));
    now = 1_700_000_000;
  });
  afterEach(async () => {
    for (const s of states.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashes passwords with scrypt and verifies them', async () => {
    const hash = await hashPassword('s3cret');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('s3cret', hash)).toBe(true);
    expect(await verifyPassword('S3cret', hash)).toBe(false);
  });

  it('rejects forged, tampered and alg-swapped tokens', () => {
    const secret = Buffer.from('k1');
    const token = signJwt({ sub: 'a', typ: 'access', sid: 's', iat: 0, exp: 10 }, secret);
    expect(verifyJwt(token, secret, 5)).toMatchObject({ sub: 'a' });
    expect(verifyJwt(token, Buffer.from('k2'), 5)).toBe('bad_signature');
    expect(verifyJwt(token, secret, 10)).toBe('expired');
    const [, body, sig] = token.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyJwt(`${none}.${body}.${sig}`, secret, 5)).toBe('malformed');
    const tampered = Buffer.from(JSON.stringify({ sub: 'root', typ: 'access', sid: 's', iat: 0, exp: 10 })).toString(
      'base64url',
    );
    expect(verifyJwt(`${token.split('.')[0]}.${tampered}.${sig}`, secret, 5)).toBe('bad_signature');
  });

  it('creates a first-run admin once, storing only a hash and 0600 files', async () => {
    const store = new AuthStore(dir);
    const cred = await store.ensureAdmin(false);
    expect(cred?.username).toBe('admin');
    expect(JSON.stringify(store.users())).not.toContain(must(cred, 'the credential').password);
    expect(statSync(join(dir, 'auth', 'users.json')).mode & 0o777).toBe(0o600);
    expect(await store.ensureAdmin(false)).toBeUndefined();
    store.secret();
    expect(statSync(join(dir, 'auth', 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('logs in, refreshes, and revokes the whole session', async () => {
    const store = new AuthStore(dir);
    const cred = must(await store.ensureAdmin(false), 'the admin credential');
    const auth = replica(store);
    await expect(auth.login('admin', 'wrong', '10.0.0.1')).rejects.toMatchObject({
      code: 'auth.invalid_credentials',
      status: 401,
    });
    const tokens = await auth.login('admin', cred.password, '10.0.0.1');
    expect(tokens.expires_in).toBe(3600);
    expect(auth.authenticate(tokens.access_token)).toEqual({ subject: 'admin', kind: 'user' });
    expect(codeOf(() => auth.authenticate(tokens.refresh_token))).toBe('auth.invalid_token');
    const refreshed = await auth.refresh(tokens.refresh_token, 'admin');
    expect(auth.authenticate(refreshed.access_token).subject).toBe('admin');
    expect(await codeOfAsync(auth.refresh(tokens.refresh_token, 'someone'))).toBe('auth.invalid_token');

    await auth.revoke(tokens.refresh_token);
    expect(codeOf(() => auth.authenticate(tokens.access_token))).toBe('auth.token_revoked');
    expect(codeOf(() => auth.authenticate(refreshed.access_token))).toBe('auth.token_revoked');
    expect(await codeOfAsync(auth.refresh(tokens.refresh_token))).toBe('auth.token_revoked');
    // Revocation survives a restart.
    expect(codeOf(() => replica(store).authenticate(refreshed.access_token))).toBe('auth.token_revoked');
  });

  it('expires access tokens, including cached ones', async () => {
    const store = new AuthStore(dir);
    const cred = must(await store.ensureAdmin(false), 'the admin credential');
    const auth = replica(store);
    const { access_token } = await auth.login('admin', cred.password, '10.0.0.1');
    auth.authenticate(access_token);
    now += 3600;
    expect(codeOf(() => auth.authenticate(access_token))).toBe('auth.token_expired');
  });

  it('accepts configured static API tokens and configured users', async () => {
    const users = parseUserList([`ana:${await hashPassword('pw')}`]);
    const auth = replica(new AuthStore(dir), { users });
    expect(auth.authenticate('static-token-1').kind).toBe('api_token');
    expect(codeOf(() => auth.authenticate('static-token-2'))).toBe('auth.invalid_token');
    expect((await auth.login('ana', 'pw', '10.0.0.1')).access_token).toContain('.');
    expect(() => parseUserList(['Bob:plain'])).toThrow(/not name:scrypt/);
  });
});
