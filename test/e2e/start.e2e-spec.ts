// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * `okapi start` as a user runs it: first run prints an admin credential that logs in; CLI commands
 * from another shell reach it without knowing its port (`$OKAPI_DATA_DIR/server.json`), and a real
 * dump imported with `okapi import-dump` is served; a connected realtime client receives a
 * revision imported that way; /metrics reports the store head, projection, publisher and realtime
 * figures; SIGTERM exits 0; a restart keeps every offset; a taken port fails before a credential
 * is made; the server runs in a child node with a bounded heap. Without OKAPI_SOURCES it follows
 * EventStreams when reachable (a local replay of a stream derived from a real event), otherwise it
 * runs the synthetic generator, and says which.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { get, IncomingMessage, request } from 'node:http';
import { createServer, Server as NetServer } from 'node:net';
import { join } from 'node:path';
import {
  eventKeys,
  mediawikiRevisions,
  pageChangeTranscript,
  TRANSCRIPT_EVENT_KEYS,
} from '@okapi/adapters/sources/eventstreams/replay.fixture';
import { CONFIG_DEFAULTS } from '@okapi/adapters/config';
import { RecordedEvent, must } from '@okapi/domain';
import { LocalMediaWikiServer, LocalSseServer, makeTempDir, realDataPath, TempDir, waitFor } from '@okapi/testing';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
  readonly head: number;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** The environment of a shell that knows only the data directory (OKAPI_PORT points nowhere). */
function shellEnv(dataDir: string): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_')));
  return { ...clean, OKAPI_DATA_DIR: dataDir, OKAPI_PORT: '1', OKAPI_LOG_LEVEL: 'warn' };
}

/** Every server a test started; afterAll kills what is still running so jest never waits on one. */
const children: ChildProcess[] = [];

/** Starts `okapi start`; OKAPI_SOURCES=none unless `env` says otherwise (or deletes it: `undefined`). */
async function startServer(dataDir: string, env: Record<string, string | undefined> = {}): Promise<Server> {
  const vars: Record<string, string | undefined> = {
    ...shellEnv(dataDir),
    OKAPI_PORT: '0',
    OKAPI_SOURCES: 'none',
    ...env,
  };
  const child = spawn('node', [BIN, 'start'], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined)),
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await waitFor(() => stdout.split('\n').find((l) => l.startsWith('{"listening"')), {
    timeoutMs: 60_000,
    message: `listening line (stderr: ${stderr})`,
  });
  const { listening, head } = JSON.parse(line) as { listening: string; head: number };
  return { child, base: listening, head, stderr: () => stderr, exited };
}

function okapi(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { cwd: ROOT, env: shellEnv(dataDir) }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function httpJson(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: unknown }> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function httpText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

/** The unlabelled samples of a Prometheus text page, by metric name. */
function samples(text: string): Map<string, number> {
  const found = text
    .split('\n')
    .map((l) => /^(okapi_\w+) (\S+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  return new Map(found.map((m) => [m[1], Number(m[2])]));
}

/** A realtime NDJSON client; `lines` grows as Articles arrive. */
function follow(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): { lines: Array<{ name: string; event: { offset: number } }>; close: () => void } {
  const lines: Array<{ name: string; event: { offset: number } }> = [];
  let buffer = '';
  let response: IncomingMessage | undefined;
  const req = get(
    url,
    { headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson', ...headers } },
    (res) => {
      response = res;
      res.on('data', (c: Buffer) => {
        buffer += c.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const p of parts) if (p.trim()) lines.push(JSON.parse(p));
      });
    },
  );
  req.on('error', () => undefined);
  return { lines, close: () => (response?.destroy(), req.destroy()) };
}

/** The real Pear dump, as a page Okapi has not seen (new title, page id and revision id). */
function newPageDump(dir: string): string {
  const xml = readFileSync(realDataPath('xml', 'article-pear-0.10.xml'), 'utf8')
    .replace('<title>Pear</title>', '<title>Pear (e2e)</title>')
    .replace('<id>24278</id>', '<id>990024278</id>')
    .replace('<id>638548877</id>', '<id>990638548877</id>');
  const file = join(dir, 'pear-e2e.xml');
  writeFileSync(file, xml);
  return file;
}

describe('okapi start (all-in-one, as a user runs it)', () => {
  let dir: TempDir;
  let dataDir: string;
  let server: Server | undefined;
  const running = (): Server => must(server, 'the server');
  let token: string;
  /** The store head once the real Pear dump is imported from another shell. */
  let pearHead = 0;

  beforeAll(() => {
    dir = makeTempDir('okapi-e2e-start-');
    dataDir = join(dir.path, 'data');
  });
  afterAll(async () => {
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(running.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGKILL')))));
    dir.remove();
  });

  it('prints an admin credential on first run that logs in, and serves a real dump imported from another shell', async () => {
    server = await startServer(dataDir);
    expect(server.head).toBe(0); // explicit OKAPI_SOURCES=none: no live source, nothing bundled
    expect(server.stderr()).not.toContain('OKAPI_SOURCES is not set');
    const password = /password: (\S+)/.exec(server.stderr())?.[1];
    expect(password).toBeDefined();
    const login = await httpJson('POST', `${server.base}/v1/login`, { username: 'admin', password });
    expect(login.status).toBe(200);
    token = (login.json as { access_token: string }).access_token;
    const dump = await okapi(dataDir, 'import-dump', realDataPath('xml', 'article-pear-0.10.xml'));
    expect(dump.code).toBe(0);
    pearHead = server.head + (JSON.parse(dump.stdout) as { appended: number }).appended;
    expect(pearHead).toBe(1);
    const pear = await waitFor(
      async () => {
        const r = await httpJson(
          'GET',
          `${running().base}/v2/articles/Pear?fields=name,is_part_of.identifier`,
          undefined,
          token,
        );
        return r.status === 200 ? r.json : undefined;
      },
      { timeoutMs: 20_000, message: 'Pear on-demand' },
    );
    expect(pear).toEqual([{ name: 'Pear', is_part_of: { identifier: 'enwiki' } }]);
  });

  it.each([
    ['GET', '/v2/articles/Pear?limit=abc', 422, 'request.invalid_limit', 'limit must be an integer', undefined],
    ['POST', '/v2/articles/Pear', 400, 'request.invalid_json', 'not valid JSON', '{bad'],
    ['GET', '/v2/articles?offset=abc', 422, 'request.invalid_offset', 'offset', undefined],
    [
      'GET',
      '/v2/events?from=0&limit=abc',
      422,
      'request.invalid_limit',
      '"limit" must be a positive integer',
      undefined,
    ],
    ['GET', '/v2/namespaces/abc', 422, 'request.invalid_namespace', 'integer', undefined],
    ['GET', '/v2/snapshots/zz/download', 400, 'bulk.invalid_identifier', 'bulk identifier', undefined],
    ['GET', '/v2/batches/2026-13-45/99', 400, 'bulk.invalid_date', 'not a date', undefined],
  ])('answers %s %s with %i {status, message} and code %s', async (method, path, status, code, text, body) => {
    const r = await httpJson(method, `${running().base}${path}`, body, token);
    expect(r.status).toBe(status);
    expect(r.json).toMatchObject({ status, code, message: expect.stringContaining(text) });
    expect(JSON.stringify(r.json)).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
  });

  it('answers okapi sql from another shell that does not know its port', async () => {
    await waitFor(
      async () =>
        (await okapi(dataDir, 'sql', "SELECT count() AS n FROM articles_current WHERE name = 'Pear'")).stdout ===
        '{"n":1}\n',
      { timeoutMs: 20_000, message: 'Pear in articles_current' },
    );
    const out = await okapi(dataDir, 'sql', 'SELECT 1 AS one');
    expect(out).toMatchObject({ code: 0, stdout: '{"one":1}\n' });
    expect(out.stderr).not.toMatch(/Cannot lock|DB::Exception/);
  });

  it('streams a revision imported by okapi import-dump to a connected client', async () => {
    const client = follow(`${running().base}/v2/articles?fields=name,event.offset`, token);
    try {
      await new Promise((r) => setTimeout(r, 300)); // let the live subscription attach
      const imported = await okapi(dataDir, 'import-dump', newPageDump(dir.path));
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ appended: 1 });
      const line = await waitFor(() => client.lines.find((l) => l.name === 'Pear (e2e)'), {
        timeoutMs: 20_000,
        message: 'the imported page on the stream',
      });
      expect(line.event.offset).toBe(pearHead + 1);
    } finally {
      client.close();
    }
  });

  it('reports store head, projection, publisher and realtime figures on /metrics', async () => {
    const head = pearHead + 1; // the real Pear dump plus the page imported above
    const client = follow(`${running().base}/v2/articles?fields=name`, token);
    try {
      const m = await waitFor(
        async () => {
          const got = samples(await httpText(`${running().base}/metrics`));
          const settled =
            got.get('okapi_projection_checkpoint_offset') === head &&
            got.get('okapi_publisher_offset') === head &&
            got.get('okapi_realtime_clients') === 1;
          return settled ? got : undefined;
        },
        { timeoutMs: 20_000, message: 'projection, publisher and client figures at the head' },
      );
      expect(m.get('okapi_event_store_head_offset')).toBe(head);
      expect(m.get('okapi_projection_lag_events')).toBe(0);
      expect(m.get('okapi_realtime_clients_dropped_total')).toBe(0);
    } finally {
      client.close();
    }
    await waitFor(
      async () => samples(await httpText(`${running().base}/metrics`)).get('okapi_realtime_clients') === 0,
      {
        timeoutMs: 5_000,
        message: 'client count back to 0',
      },
    );
  });

  it('shows each supervised worker on /readyz, running and not restarted', async () => {
    const ready = JSON.parse(await httpText(`${running().base}/readyz`)) as {
      status: string;
      checks: { workers: { status: string; workers: Record<string, { state: string; restarts: number }> } };
    };
    expect(ready.status).toBe('ok');
    const workers = ready.checks.workers.workers;
    expect(Object.keys(workers)).toEqual(expect.arrayContaining(['publisher', 'views', 'bulk-scheduler']));
    for (const w of Object.values(workers)) expect(w).toEqual({ state: 'running', restarts: 0 });
    expect(await httpText(`${running().base}/metrics`)).toMatch(/^okapi_worker_restarts_total\{worker="views"\} 0$/m);
  });

  it('runs the server in a child node with the heap bound (bin/heap-bound.js)', () => {
    const launcher = must(running().child.pid, 'pid');
    const server = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim();
    expect(server).toMatch(/^\d+$/);
    expect(readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0')).toContain(
      `--max-old-space-size=${CONFIG_DEFAULTS.heapMb}`,
    );
  });

  it('refuses a second server on the same data directory, naming the first', async () => {
    const second = await okapi(dataDir, 'start');
    expect(second.code).toBe(1);
    // The server's own pid: a child of the `okapi start` process (see the test above).
    const launcher = must(running().child.pid, 'pid');
    const server = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim();
    expect(second.stderr).toContain(`another server (pid ${server}, port ${new URL(running().base).port})`);
  });

  it('exits 0 on SIGTERM and removes its address file', async () => {
    expect(existsSync(join(dataDir, 'server.json'))).toBe(true);
    running().child.kill('SIGTERM');
    expect(await running().exited).toBe(0);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  });

  it('restarts without a new credential, keeps every offset and resumes the stream', async () => {
    const previousHead = pearHead + 1;
    server = await startServer(dataDir);
    expect(server.stderr()).not.toContain('first run');
    expect(server.head).toBe(previousHead);
    const client = follow(`${server.base}/v2/articles?fields=name,event.offset`, token, {
      'last-event-id': String(previousHead - 1),
    });
    try {
      const line = await waitFor(() => client.lines[0], { timeoutMs: 20_000, message: 'the resumed stream' });
      expect(line).toEqual({ name: 'Pear (e2e)', event: { offset: previousHead } });
    } finally {
      client.close();
    }
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });

  it('fails on a taken port, naming it, before probing sources or creating a credential', async () => {
    const taken: NetServer = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const freshDir = join(dir.path, 'fresh');
    try {
      const out = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          'node',
          [BIN, 'start'],
          { cwd: ROOT, env: { ...shellEnv(freshDir), OKAPI_PORT: String(port), OKAPI_HOST: '127.0.0.1' } },
          (err, _stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
        );
      });
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`okapi: port ${port} on 127.0.0.1 is in use (set OKAPI_PORT)`);
      expect(out.stderr).not.toMatch(/first run|password|OKAPI_SOURCES/);
      expect(existsSync(join(freshDir, 'auth'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  describe('without OKAPI_SOURCES (a fresh clone)', () => {
    /** `okapi events` of a data directory, as recorded events (offset order stands in for stream order). */
    async function recorded(data: string): Promise<RecordedEvent[]> {
      const out = await okapi(data, 'events', '--from', '0');
      return out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .map((e) => ({ ...e, streamRevision: e.offset }) as RecordedEvent);
    }

    it('follows EventStreams when it answers, and says so', async () => {
      const sse = new LocalSseServer({ events: pageChangeTranscript() });
      const mediawiki = new LocalMediaWikiServer({ lookup: mediawikiRevisions() });
      const data = join(dir.path, 'live');
      try {
        const live = await startServer(data, {
          OKAPI_SOURCES: undefined,
          OKAPI_EVENTSTREAMS_URL: await sse.start(),
          OKAPI_MEDIAWIKI_API_URL: await mediawiki.start(),
        });
        expect(live.stderr()).toContain('following live Wikipedia edits (eventstreams:enwiki)');
        expect(live.stderr()).toContain('OKAPI_SOURCES=');
        // The default follows enwiki: the transcript's dewiki, frwiki and canary events are not for it.
        const expected = TRANSCRIPT_EVENT_KEYS.filter((k) => k.includes('page-enwiki-'));
        await waitFor(async () => (await recorded(data)).length === expected.length, {
          timeoutMs: 30_000,
          message: 'the replayed enwiki events in the store',
        });
        expect(eventKeys(await recorded(data))).toEqual(expected);
        expect(sse.connections.length).toBeGreaterThanOrEqual(2); // the probe, then the source
        live.child.kill('SIGTERM');
        expect(await live.exited).toBe(0);
      } finally {
        await sse.stop();
        await mediawiki.stop();
      }
    });

    it('runs the synthetic generator gently when EventStreams is unreachable, and says so', async () => {
      const closed: NetServer = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve)); // nothing listens there any more
      const data = join(dir.path, 'offline');
      const offline = await startServer(data, {
        OKAPI_SOURCES: undefined,
        OKAPI_EVENTSTREAMS_URL: `http://127.0.0.1:${port}/v2/stream/mediawiki.page_change.v1`,
      });
      expect(offline.stderr()).toContain('EventStreams is unreachable');
      expect(offline.stderr()).toContain('running the synthetic generator (generator:testwiki, 2 events/s)');
      expect(offline.stderr()).toContain('OKAPI_SOURCES=eventstreams:enwiki');
      const events = await waitFor(
        async () => {
          const got = await recorded(data);
          return got.length >= 3 ? got : undefined;
        },
        { timeoutMs: 15_000, message: 'generated events within seconds' },
      );
      expect(events.every((e) => e.stream.startsWith('page-testwiki-'))).toBe(true);
      offline.child.kill('SIGTERM');
      expect(await offline.exited).toBe(0);
    });
  });
});
