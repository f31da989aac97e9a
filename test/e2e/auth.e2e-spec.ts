// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * WME auth flows over HTTP: login, bearer access to /v2, refresh, revoke (which kills the
 * session's access tokens), forged/expired/revoked tokens -> 401, static API tokens,
 * OKAPI_AUTH=disabled, and the first-run admin credential.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ifSetUp, realDataPath } from '@okapi/testing';
import { signJwt } from '@okapi/adapters/auth';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/create-api-app';
import {
  ApiHarness,
  HARNESS_API_TOKEN,
  HARNESS_PASSWORD,
  HARNESS_USER,
  startApiHarness,
} from '@okapi/testing/api-harness';

jest.setTimeout(120_000);

const PEAR = realDataPath('xml', 'article-pear-0.10.xml');
const FIXTURES = realDataPath('enterprise', 'auth');
const fixtureKeys = (file: string): string[] =>
  Object.keys(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))).sort();

async function call(
  h: ApiHarness,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const res = await h.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    auth: token ?? false,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

describe('two API instances over the same stores', () => {
  let h: ApiHarness;
  const apps: INestApplication[] = [];
  /** Another API instance on the same runtime (event store, analytics) and data directory. */
  const instance = async (): Promise<ApiHarness> => {
    const app = await createApiApp(h.runtime, { logger: false });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    const { port } = app.getHttpServer().address() as AddressInfo;
    return {
      ...h,
      app,
      baseUrl: `http://127.0.0.1:${port}`,
      request: (path, init = {}) => {
        const { auth, ...rest } = init;
        const headers = new Headers(rest.headers);
        if (typeof auth === 'string') headers.set('authorization', `Bearer ${auth}`);
        return fetch(`http://127.0.0.1:${port}${path}`, { ...rest, headers });
      },
    };
  };
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR] });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await ifSetUp(h)?.close();
  });

  it('refuses everywhere, and after a restart, a session revoked on one instance', async () => {
    const [a, b] = [await instance(), await instance()];
    const { access_token, refresh_token } = (
      await call(a, '/v1/login', { username: HARNESS_USER, password: HARNESS_PASSWORD })
    ).body;
    expect((await call(b, '/v2/articles/Pear', undefined, access_token)).status).toBe(200);
    expect((await call(b, '/v1/token-revoke', { refresh_token })).status).toBe(204);
    expect((await call(a, '/v2/articles/Pear', undefined, access_token)).body).toMatchObject({
      status: 401,
      code: 'auth.token_revoked',
    });
    expect((await call(a, '/v1/token-refresh', { refresh_token })).body.code).toBe('auth.token_revoked');
    await a.app.close();
    apps.splice(apps.indexOf(a.app), 1);
    const restarted = await instance();
    expect((await call(restarted, '/v2/articles/Pear', undefined, access_token)).body.code).toBe('auth.token_revoked');
  });

  it('throttles failed logins counted on either instance', async () => {
    const [a, b] = [await instance(), await instance()];
    for (let i = 0; i < 5; i++)
      expect((await call(i % 2 ? a : b, '/v1/login', { username: `guess${i}`, password: 'x' })).status).toBe(401);
    const throttled = await call(a, '/v1/login', { username: HARNESS_USER, password: HARNESS_PASSWORD });
    expect(throttled).toMatchObject({ status: 429, body: { status: 429, code: 'auth.too_many_attempts' } });
    expect(throttled.headers.get('retry-after')).toBe('1');
  });
});

describe('auth enabled', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR] });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('requires a bearer token on /v2 and says so in a WME body', async () => {
    const none = await call(h, '/v2/articles/Pear');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 401, message: 'Unauthorized', code: 'auth.missing_token' });
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await call(h, '/v2/projects')).status).toBe(401);
    expect((await call(h, '/healthz')).status).toBe(200);
  });

  it('refuses wrong credentials and malformed login bodies', async () => {
    expect(await call(h, '/v1/login', { username: HARNESS_USER, password: 'wrong' })).toMatchObject({
      status: 401,
      body: { status: 401, code: 'auth.invalid_credentials' },
    });
    expect((await call(h, '/v1/login', { username: 'nobody', password: 'x' })).status).toBe(401);
    expect(await call(h, '/v1/login', { username: HARNESS_USER })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid_body' },
    });
    expect((await call(h, '/v1/login', { username: HARNESS_USER, password: 'x', admin: true })).status).toBe(422);
  });

  it('logs in, refreshes and revokes with WME-shaped responses', async () => {
    const login = await call(h, '/v1/login', { username: HARNESS_USER, password: HARNESS_PASSWORD });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body).sort()).toEqual(fixtureKeys('login.json'));
    const { access_token, refresh_token, id_token } = login.body;
    expect((await call(h, '/v2/articles/Pear', undefined, access_token)).status).toBe(200);
    // Only access tokens open /v2.
    expect((await call(h, '/v2/articles/Pear', undefined, refresh_token)).body.code).toBe('auth.invalid_token');
    expect((await call(h, '/v2/articles/Pear', undefined, id_token)).status).toBe(401);

    const refreshed = await call(h, '/v1/token-refresh', { username: HARNESS_USER, refresh_token });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(fixtureKeys('token-refresh.json'));
    expect((await call(h, '/v2/articles/Pear', undefined, refreshed.body.access_token)).status).toBe(200);
    expect((await call(h, '/v1/token-refresh', { username: 'someone-else', refresh_token })).status).toBe(401);

    expect((await call(h, '/v1/token-revoke', { refresh_token })).status).toBe(204);
    expect((await call(h, '/v2/articles/Pear', undefined, access_token)).body).toMatchObject({
      status: 401,
      code: 'auth.token_revoked',
    });
    expect((await call(h, '/v2/articles/Pear', undefined, refreshed.body.access_token)).status).toBe(401);
    expect((await call(h, '/v1/token-refresh', { refresh_token })).body.code).toBe('auth.token_revoked');
  });

  it('rejects forged and expired tokens', async () => {
    const { body } = await call(h, '/v1/login', { username: HARNESS_USER, password: HARNESS_PASSWORD });
    const [head, payload, sig] = (body.access_token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${sig}`;
    expect((await call(h, '/v2/articles/Pear', undefined, forged)).body).toMatchObject({
      status: 401,
      code: 'auth.invalid_token',
    });
    expect((await call(h, '/v2/articles/Pear', undefined, 'not-a-token')).status).toBe(401);
    const otherKey = signJwt({ ...claims, exp: claims.exp + 10 }, Buffer.from('not the server key'));
    expect((await call(h, '/v2/articles/Pear', undefined, otherKey)).status).toBe(401);
    // Signed with the server's own key, but expired.
    const secret = Buffer.from(readFileSync(join(h.dir.path, 'auth', 'jwt-secret'), 'utf8').trim());
    const expired = signJwt({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }, secret);
    expect((await call(h, '/v2/articles/Pear', undefined, expired)).body).toMatchObject({
      status: 401,
      code: 'auth.token_expired',
    });
    expect(statSync(join(h.dir.path, 'auth', 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('accepts static API tokens from OKAPI_API_TOKENS', async () => {
    expect((await call(h, '/v2/articles/Pear', undefined, HARNESS_API_TOKEN)).status).toBe(200);
    expect((await call(h, '/v2/articles/Pear', undefined, `${HARNESS_API_TOKEN}x`)).status).toBe(401);
  });
});

describe('first run', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ env: { OKAPI_USERS: '' } });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('creates a local admin whose password is kept 0600 and works for login', async () => {
    const file = join(h.dir.path, 'auth', 'initial-admin-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    const stored = readFileSync(join(h.dir.path, 'auth', 'users.json'), 'utf8');
    expect(stored).not.toContain(password);
    expect((await call(h, '/v1/login', { username: 'admin', password })).status).toBe(200);
  });
});

describe('OKAPI_AUTH=disabled', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ dumps: [PEAR], env: { OKAPI_AUTH: 'disabled' } });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
  });

  it('serves /v2 without a token', async () => {
    expect((await call(h, '/v2/articles/Pear')).status).toBe(200);
  });
});
