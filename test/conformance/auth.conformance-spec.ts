/**
 * wme-sdk-go `pkg/auth` flows: login, refresh (same refresh token, new access token), revoke
 * (the refresh token and the access tokens issued with it stop working).
 */
import { WmeAuthClient } from './client/auth-client';
import { HttpStatusError } from './client/http-wire';
import { WmeClient } from './client/wme-client';
import { expectFilled } from './support/clients';
import { suiteState } from './support/suite-state';

describe('WME SDK conformance: auth', () => {
  it('logs in, refreshes and revokes as the SDK helper does', async () => {
    const s = suiteState();
    const auth = new WmeAuthClient(s.authUrl);
    const login = await auth.login(s.username, s.password);
    expectFilled(login, ['id_token', 'access_token', 'refresh_token', 'expires_in']);
    expect(login.expires_in).toBeGreaterThan(0);
    const api = (token: unknown): WmeClient =>
      new WmeClient({ flavour: 'go', baseUrl: s.baseUrl, realtimeUrl: s.baseUrl, accessToken: String(token) });
    expect((await api(login.access_token).getCodes()).length).toBeGreaterThan(0);

    const refreshed = await auth.refreshToken(s.username, String(login.refresh_token));
    expectFilled(refreshed, ['id_token', 'access_token', 'expires_in']);
    expect(refreshed).not.toHaveProperty('refresh_token');
    expect((await api(refreshed.access_token).getLanguage('en')).identifier).toBe('en');

    await auth.revokeToken(String(login.refresh_token));
    await expect(auth.refreshToken(s.username, String(login.refresh_token))).rejects.toBeInstanceOf(HttpStatusError);
    const after = api(refreshed.access_token).getCodes();
    await expect(after).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a wrong password and an API call without a token with WME error bodies', async () => {
    const s = suiteState();
    const err = await new WmeAuthClient(s.authUrl).login(s.username, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(401);
    const noToken = await new WmeClient({ flavour: 'go', baseUrl: s.baseUrl, realtimeUrl: s.baseUrl, accessToken: '' })
      .getCodes()
      .catch((e: unknown) => e);
    expect(JSON.parse((noToken as HttpStatusError).body)).toMatchObject({ status: 401, message: expect.any(String) });
  });
});
