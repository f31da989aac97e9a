// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { START, must } from '@okapi/domain';
import { LocalMediaWikiServer, LocalSseServer, makeTempDir, TempDir, waitFor } from '@okapi/testing';
import { loadConfig } from '@okapi/adapters/config';
import { openRuntime } from '@okapi/adapters/runtime';
import {
  eventKeys,
  mediawikiRevisions,
  pageChangeTranscript,
  TRANSCRIPT_EVENT_KEYS,
} from '@okapi/adapters/sources/eventstreams/replay.fixture';

// Jest 29 ignores the per-project testTimeout in jest.config; real servers can be slow on a busy box.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const transcript = pageChangeTranscript();

function startIngest(dataDir: string, url: string, api: string): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin', 'okapi.js'), 'ingest', '--data-dir', dataDir], {
    env: {
      ...process.env,
      OKAPI_SOURCES: 'eventstreams:enwiki,dewiki',
      OKAPI_EVENTSTREAMS_URL: url,
      OKAPI_MEDIAWIKI_API_URL: api,
      OKAPI_LOG_LEVEL: 'warn',
      OKAPI_PORT: '0', // its /healthz, /readyz, /metrics: any free port
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode)
      : child.once('exit', (code) => resolve(code)),
  );

describe('okapi ingest (child process, SIGKILL mid-stream)', () => {
  let tmp: TempDir;
  const sse = new LocalSseServer({ events: transcript, intervalMs: 150 });
  const mw = new LocalMediaWikiServer({ lookup: mediawikiRevisions() });
  const children: ChildProcess[] = [];
  beforeAll(() => (tmp = makeTempDir('okapi-ingest-e2e-')));
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all([sse.stop(), mw.stop()]);
    tmp.remove();
  });

  it('resumes from its checkpoint after SIGKILL: every event exactly once', async () => {
    const [url, api] = [await sse.start(), await mw.start()];
    const checkpoint = join(tmp.path, 'sources', 'eventstreams.checkpoint.json');
    const position = (): number => {
      if (!existsSync(checkpoint)) return -1;
      const id = (JSON.parse(readFileSync(checkpoint, 'utf8')) as { lastEventId: string }).lastEventId;
      return transcript.findIndex((e) => e.id === id);
    };
    const first = startIngest(tmp.path, url, api);
    children.push(first);
    await waitFor(() => position() >= 3, { timeoutMs: 30_000, message: 'first checkpoints' });
    first.kill('SIGKILL');
    await exited(first);
    const killedAt = position();
    expect(killedAt).toBeLessThan(transcript.length - 1); // really mid-stream

    const second = startIngest(tmp.path, url, api);
    children.push(second);
    let stderr = '';
    must(second.stderr, 'ingest stderr').on('data', (d) => (stderr += String(d)));
    await waitFor(() => position() === transcript.length - 1, { timeoutMs: 30_000, message: 'last id checkpointed' });
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(stderr).not.toMatch(/ERROR/);
    expect(sse.connections[1].lastEventId).toBe(transcript[killedAt].id);

    const runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: tmp.path }), { readOnly: true });
    const events = await runtime.eventStore.readAll({ from: START, limit: 1000 });
    await runtime.close();
    expect(eventKeys(events)).toEqual(TRANSCRIPT_EVENT_KEYS);
  });
});
