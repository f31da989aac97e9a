import { decodeGo } from './go-decoder';
import { expectOk, readAll, send } from './http-wire';
import { LoginResponse, RefreshTokenResponse } from './wme-structs';

/**
 * wme-sdk-go `pkg/auth`: base URL `{host}/v1` without trailing slash; `POST /login`,
 * `/token-refresh`, `/token-revoke` with a JSON body written by json.Encoder (newline-terminated)
 * and `Content-type: application/json`.
 */
export class WmeAuthClient {
  constructor(private readonly baseUrl: string) {}

  private async post(path: string, body: unknown): Promise<Buffer> {
    const res = await expectOk(
      await send({
        method: 'POST',
        url: `${this.baseUrl}${path}`,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(`${JSON.stringify(body)}\n`),
      }),
    );
    return readAll(res.stream);
  }

  async login(username: string, password: string): Promise<Record<string, unknown>> {
    const v = JSON.parse((await this.post('/login', { username, password })).toString('utf8'));
    decodeGo(LoginResponse, v);
    return v;
  }

  async refreshToken(username: string, refreshToken: string): Promise<Record<string, unknown>> {
    const v = JSON.parse(
      (await this.post('/token-refresh', { username, refresh_token: refreshToken })).toString('utf8'),
    );
    decodeGo(RefreshTokenResponse, v);
    return v;
  }

  async revokeToken(refreshToken: string): Promise<void> {
    await this.post('/token-revoke', { refresh_token: refreshToken });
  }
}
