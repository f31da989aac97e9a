import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WmeAuthClient } from '../client/auth-client';
import { Flavour, WmeClient, WmeClientOptions } from '../client/wme-client';
import { suiteState } from './suite-state';

/** Logs in as the SDKs do (auth client) and returns one client per SDK flavour. */
export async function sdkClients(
  options: Partial<WmeClientOptions> = {},
): Promise<{ go: WmeClient; python: WmeClient; both: WmeClient[]; token: string }> {
  const s = suiteState();
  const login = await new WmeAuthClient(s.authUrl).login(s.username, s.password);
  const token = String(login.access_token);
  const make = (flavour: Flavour): WmeClient =>
    new WmeClient({ flavour, baseUrl: s.baseUrl, realtimeUrl: s.baseUrl, accessToken: token, ...options });
  const go = make('go');
  const python = make('python');
  return { go, python, both: [go, python], token };
}

/** A real WME record from OKAPI_REAL_DATA_DIR/enterprise (read in place). */
export function realJson(name: string): unknown {
  return JSON.parse(readFileSync(join(suiteState().realDataDir, 'enterprise', name), 'utf8'));
}

export function realArticles(): Record<string, unknown>[] {
  return readFileSync(join(suiteState().realDataDir, 'enterprise', 'articles.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * "A decoded record whose fields are empty is a failure": every listed path must hold a value
 * that is not empty (no '', [], {}, null, undefined).
 */
export function expectFilled(record: unknown, paths: readonly string[]): void {
  for (const p of paths) {
    const v = p
      .split('.')
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), record);
    const empty =
      v === undefined ||
      v === null ||
      v === '' ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
    if (empty) throw new Error(`field "${p}" is empty in ${JSON.stringify(record).slice(0, 300)}`);
  }
}
