import { join } from 'node:path';
import { makeTempDir, TempDir, uniqueName } from '@okapi/testing';
import { must } from '@okapi/domain';
import { parseServerUrl } from '../clickhouse/server-engine';
import { SERVER_URL } from '../clickhouse/testing/analytics-engines.fixture';
import { OkapiError } from '../errors/okapi-error';
import { AuthStore } from './auth-store';
import { AuthStateStore } from './auth-state';
import { Authenticator } from './authenticator';
import { ClickHouseAuthState } from './clickhouse-auth-state';
import { DEFAULT_THROTTLE } from './login-throttle';
import { SqliteAuthState } from './sqlite-auth-state';
import { promised } from '../errors/promised';

jest.setTimeout(60_000);

/**
 * Two API replicas over the same stores (each with its own connection, as two processes have):
 * a revocation on one is refused by the other and after a restart; login throttling counts
 * attempts made on either; and no attacker can keep an account's owner out.
 */
interface Backend {
  readonly name: string;
  /** A new connection to the one shared state (a replica, or a restarted one). */
  connect(): Promise<AuthStateStore>;
  destroy(): Promise<void>;
}

function sqliteBackend(): Backend {
  let tmp: TempDir | undefined;
  return {
    name: 'sqlite (embedded event store file)',
    connect: () =>
      promised(() => {
        tmp ??= makeTempDir('okapi-authstate-');
        return new SqliteAuthState(join(tmp.path, 'events.sqlite3'));
      }),
    destroy: () => promised(() => tmp?.remove()),
  };
}

function clickhouseBackend(): Backend {
  const target = parseServerUrl(SERVER_URL ?? 'http://127.0.0.1:1', uniqueName('okapi_test_'));
  return {
    name: 'clickhouse-server',
    connect: () => ClickHouseAuthState.open(target),
    destroy: async () => {
      const s = await ClickHouseAuthState.open(target);
      await s.dropDatabase();
      await s.close();
    },
  };
}

const backends = [sqliteBackend(), ...(SERVER_URL ? [clickhouseBackend()] : [])];
if (!SERVER_URL && process.env.OKAPI_TEST_REQUIRE_CLICKHOUSE === '1')
  it('needs OKAPI_TEST_CLICKHOUSE_URL (OKAPI_TEST_REQUIRE_CLICKHOUSE=1)', () => {
    throw new Error('OKAPI_TEST_CLICKHOUSE_URL is unset');
  });

describe.each(backends.map((b) => [b.name, b]))('shared auth state [%s]', (_name, backend) => {
  let tmp: TempDir;
  let now = 1_700_000_000;
  let password: string;
  const open: { state: AuthStateStore; auth: Authenticator }[] = [];
  const settings = { users: [], apiTokens: [], accessTokenTtl: 3600, refreshTokenTtl: 86_400 };

  const replica = async (): Promise<Authenticator> => {
    const state = await backend.connect();
    const auth = new Authenticator(new AuthStore(tmp.path), state, settings, () => now);
    await auth.start(0);
    open.push({ state, auth });
    return auth;
  };
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (e) {
      return (e as OkapiError).code;
    }
  };
  const attempt = (auth: Authenticator, user: string, pw: string, addr: string) =>
    auth.login(user, pw, addr).then(
      () => 200,
      (e: unknown) => {
        const { status, details } = e as OkapiError;
        return status === 429 ? `429 ${(details as { retryAfter: number }).retryAfter}` : status;
      },
    );

  beforeAll(async () => {
    tmp = makeTempDir('okapi-authdir-');
    password = must(await new AuthStore(tmp.path).ensureAdmin(false), 'the admin credential').password;
  });
  // Each test starts past every window of the one before (the state is shared, as in production).
  beforeEach(() => {
    now += 2 * DEFAULT_THROTTLE.knownAddressFor;
  });
  afterEach(async () => {
    for (const { state, auth } of open.splice(0)) {
      auth.stop();
      await state.close();
    }
  });
  afterAll(async () => {
    await backend.destroy();
    tmp.remove();
  });

  it('refuses on replica B a session revoked on replica A, and after a restart', async () => {
    const a = await replica();
    const b = await replica();
    const tokens = await a.login('admin', password, '10.0.0.1');
    expect(b.authenticate(tokens.access_token).subject).toBe('admin');
    const refreshed = await b.refresh(tokens.refresh_token);

    await a.revoke(tokens.refresh_token);
    // Refresh asks the store: exact on every replica at once.
    await expect(b.refresh(tokens.refresh_token)).rejects.toMatchObject({ code: 'auth.token_revoked', status: 401 });
    // Bearer checks: SQLite answers synchronously; the server mirror is pulled every second.
    if (backend.name.startsWith('clickhouse')) await b.syncRevocations();
    expect(code(() => b.authenticate(tokens.access_token))).toBe('auth.token_revoked');
    expect(code(() => b.authenticate(refreshed.access_token))).toBe('auth.token_revoked');

    const restarted = await replica();
    expect(code(() => restarted.authenticate(refreshed.access_token))).toBe('auth.token_revoked');
    await expect(restarted.refresh(tokens.refresh_token)).rejects.toMatchObject({ code: 'auth.token_revoked' });
  });

  it('throttles one username across replicas and addresses, with a doubling, capped delay', async () => {
    const [a, b] = [await replica(), await replica()];
    const free = DEFAULT_THROTTLE.userFreeFailures;
    for (let i = 0; i < free; i++) expect(await attempt(i % 2 ? a : b, 'admin', 'guess', `10.1.0.${i}`)).toBe(401);
    // The next attempt, from a fresh address on either replica, waits 1 s, then 2, 4, 8 ...
    const waits: (string | number)[] = [];
    for (let i = 0; i < 12; i++) {
      waits.push(await attempt(i % 2 ? a : b, 'admin', 'guess', `10.2.0.${i}`));
      const retry = Number(String(waits[waits.length - 1]).split(' ')[1] ?? 0);
      now += retry;
      waits.push(await attempt(i % 2 ? b : a, 'admin', 'guess', `10.3.0.${i}`));
    }
    expect(waits.slice(0, 8)).toEqual(['429 1', 401, '429 2', 401, '429 4', 401, '429 8', 401]);
    expect(waits[waits.length - 2]).toBe(`429 ${DEFAULT_THROTTLE.maxDelay}`);
  });

  it('stores login attempts under keyed hashes: no username or address a reader of the store could use', async () => {
    const auth = await replica();
    const state = open[open.length - 1].state;
    for (let i = 0; i < 3; i++) expect(await attempt(auth, 'admin', 'guess', '10.9.0.1')).toBe(401);
    // Read-only SQL on a ClickHouse server may reach the auth database: nothing there under these names.
    for (const key of ['user:admin', 'addr:10.9.0.1', 'pair:admin|10.9.0.1'])
      expect(await state.recentLogins(key, 0, 10)).toEqual([]);
  });

  it('throttles one address across usernames and replicas; other addresses are not slowed', async () => {
    const [a, b] = [await replica(), await replica()];
    for (let i = 0; i < DEFAULT_THROTTLE.addressFreeFailures; i++)
      expect(await attempt(i % 2 ? a : b, `user${i}`, 'guess', '192.0.2.7')).toBe(401);
    expect(await attempt(a, 'someone-else', 'guess', '192.0.2.7')).toBe('429 1');
    expect(await attempt(b, 'admin', password, '192.0.2.7')).toBe('429 1');
    expect(await attempt(b, 'admin', password, '192.0.2.8')).toBe(200);
  });

  it('never locks the owner out: a known address skips the username delay, a new one waits at most the cap', async () => {
    const [a, b] = [await replica(), await replica()];
    expect(await attempt(a, 'admin', password, '198.51.100.1')).toBe(200);
    now += 60;
    // An attacker spread over many addresses drives the username's delay to the cap.
    const attack = async (round: number): Promise<void> => {
      for (let i = 0; i < 60; i++) {
        const r = await attempt(i % 2 ? a : b, 'admin', 'guess', `203.0.${round}.${i}`);
        if (r === `429 ${DEFAULT_THROTTLE.maxDelay}`) return;
        if (r !== 401) now += Number(String(r).split(' ')[1]);
      }
      throw new Error('the delay never reached the cap');
    };
    await attack(1);
    // From a new address the owner waits, at most the cap; from a known one, not at all.
    const fresh = await attempt(a, 'admin', password, '198.51.100.2');
    expect(Number(String(fresh).split(' ')[1])).toBeGreaterThan(0);
    expect(Number(String(fresh).split(' ')[1])).toBeLessThanOrEqual(DEFAULT_THROTTLE.maxDelay);
    expect(await attempt(b, 'admin', password, '198.51.100.1')).toBe(200);
    // Under a renewed attack, a new address gets in once the capped delay has passed.
    await attack(2);
    now += DEFAULT_THROTTLE.maxDelay;
    expect(await attempt(a, 'admin', password, '198.51.100.3')).toBe(200);
  });
});
