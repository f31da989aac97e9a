import { parseRetryAfter } from './backoff';

/** An error answer of the Okapi API: WME's `{status, message}` plus Okapi's stable `code`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** When the server said to come back (Retry-After: the load shedder's 503). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Session {
  readonly username: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
}

/** Called when the token is refused (expired or revoked): the app goes back to the login form. */
export type OnUnauthorized = () => void;

/** The ApiError of a refused response: its JSON `{message, code}`, else the start of its text. */
export async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'));
  try {
    const body = JSON.parse(text) as { message?: string; code?: string };
    return new ApiError(res.status, body.message ?? res.statusText, body.code, retryAfterMs);
  } catch {
    return new ApiError(res.status, text.slice(0, 300) || res.statusText, undefined, retryAfterMs);
  }
}

/** Every data call goes through here and carries the user's bearer token. */
export class Api {
  constructor(
    private readonly session: Session,
    private readonly onUnauthorized: OnUnauthorized,
  ) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${this.session.accessToken}`);
    const res = await fetch(path, { ...init, headers });
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.fetch(path, init)).json()) as T;
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>(path, jsonBody(body));
  }

  async text(path: string, init: RequestInit = {}): Promise<string> {
    return (await this.fetch(path, init)).text();
  }
}

export function jsonBody(body: unknown, method = 'POST'): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** `POST /v1/login` (WME auth). */
export async function login(username: string, password: string): Promise<Session> {
  const res = await fetch('/v1/login', jsonBody({ username, password }));
  if (!res.ok) throw await errorOf(res);
  const body = (await res.json()) as { access_token: string; refresh_token?: string };
  return { username, accessToken: body.access_token, refreshToken: body.refresh_token };
}

/** `POST /v1/token-revoke`: the refresh token and every access token issued with it stop working. */
export async function revoke(session: Session): Promise<void> {
  if (!session.refreshToken) return;
  await fetch('/v1/token-revoke', jsonBody({ refresh_token: session.refreshToken })).catch(() => undefined);
}

const KEY = 'okapi.console.session';

/** Kept per tab (sessionStorage): closing the tab forgets the token. */
export function loadSession(storage: Storage = sessionStorage): Session | undefined {
  try {
    const s = JSON.parse(storage.getItem(KEY) ?? 'null') as Session | null;
    return s && typeof s.accessToken === 'string' && typeof s.username === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined, storage: Storage = sessionStorage): void {
  if (session) storage.setItem(KEY, JSON.stringify(session));
  else storage.removeItem(KEY);
}
