/** HTTP probes of the local cluster's processes: role /readyz, NATS monitoring, ClickHouse. */

/** `status` 0 when there was no HTTP answer at all; `error` says why. */
export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly error?: string;
}

/** GET (or POST with `body`) and parse JSON when it is JSON; never throws (status 0 and the error). */
export async function httpJson(
  url: string,
  init: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  try {
    const res = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs ?? 3000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text (ClickHouse answers, metrics)
    }
    return { status: res.status, body };
  } catch (e) {
    return { status: 0, error: (e as Error).message };
  }
}

/** The JetStream meta leader this node sees (`/jsz`), or undefined. */
export async function natsMetaLeader(monitorPort: number): Promise<string | undefined> {
  const res = await httpJson(`http://127.0.0.1:${monitorPort}/jsz`);
  const meta = (res.body as { meta_cluster?: { leader?: string } } | undefined)?.meta_cluster;
  return meta?.leader || undefined;
}

export async function clickhouseAnswers(serverUrl: string): Promise<boolean> {
  const res = await httpJson(`${serverUrl.replace(/\/+$/, '')}/?query=SELECT%201`);
  return res.status === 200 && String(res.body).trim() === '1';
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`not a database name: ${database}`);
  const res = await httpJson(`${serverUrl.replace(/\/+$/, '')}/`, {
    body: `DROP DATABASE IF EXISTS ${database}`,
    // A busy server takes its time to drop a database with parts being merged (over 60 s seen at load 25).
    timeoutMs: 180_000,
  });
  if (res.status !== 200) throw new Error(`DROP DATABASE ${database} failed: ${res.error ?? JSON.stringify(res.body)}`);
}
