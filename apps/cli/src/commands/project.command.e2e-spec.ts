import { ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { makeTempDir, TempDir } from '@okapi/testing';
import { generateRevisionStore } from '@okapi/testing';
import { must } from '@okapi/domain';

// Three full projections and a SIGKILLed one, each ending with an orphan sweep, on a shared machine.
jest.setTimeout(240_000);

const BIN = join(__dirname, '..', '..', '..', '..', 'bin', 'okapi.js');
const run = promisify(execFile);
const cleanEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_') || k.startsWith('OKAPI_TEST_')),
  ),
  OKAPI_DATA_DIR: dataDir,
  OKAPI_PROJECT_BATCH_EVENTS: '50',
});

async function okapi(dataDir: string, ...args: string[]): Promise<string> {
  return (await run('node', [BIN, ...args], { env: cleanEnv(dataDir), maxBuffer: 256 * 1024 * 1024 })).stdout;
}

const VIEWS = [
  'SELECT * FROM revisions FINAL ORDER BY wiki, page_id, revision_id',
  'SELECT * FROM articles_current FINAL ORDER BY wiki, namespace, name, page_id',
  'SELECT * FROM article_versions_hourly FINAL ORDER BY hour, wiki, namespace, page_id',
  'SELECT * FROM article_documents FINAL ORDER BY wiki, page_id, version',
  'SELECT count() AS n, sum(reverted) AS reverted FROM revisions FINAL',
];
// One process at a time: chDB lets a single process hold a data directory.
async function contents(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const q of VIEWS) out.push(await okapi(dir, 'sql', q));
  return out;
}

describe('okapi project survives SIGKILL (CLI, end to end)', () => {
  let a: TempDir;
  let b: TempDir;
  let head = 0;

  beforeAll(async () => {
    a = makeTempDir('okapi-cli-project-a-');
    b = makeTempDir('okapi-cli-project-b-');
    const store = openSqliteEventStore({ path: join(a.path, 'events.sqlite3') });
    await generateRevisionStore(store, { revisions: 2000, pages: 200 });
    head = Number(await store.head());
    await store.close();
    // Byte-identical logs (recordedAt included) so both runs must produce identical views.
    for (const f of readdirSync(a.path).filter((n) => n.startsWith('events.sqlite3')))
      copyFileSync(join(a.path, f), join(b.path, f));
  });
  afterAll(() => {
    a.remove();
    b.remove();
  });

  it('a run killed mid-way and restarted ends with exactly the views of an uninterrupted run', async () => {
    expect(JSON.parse(await okapi(a.path, 'project'))).toMatchObject({ checkpoint: head, lag: 0 });

    // Killed as soon as it reports its first written batch (50 of ~2000 events): mid-run whatever
    // the machine's speed.
    const child: ChildProcess = spawn('node', [BIN, 'project', '--progress'], {
      env: cleanEnv(b.path),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    must(child.stderr, 'project stderr').once('data', () => child.kill('SIGKILL'));
    expect(await exited).toBe('SIGKILL');
    const checkpoint = (await okapi(b.path, 'sql', 'SELECT max(last_offset) AS o FROM projection_checkpoints'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).o as number)
      .at(0);
    expect(checkpoint ?? 0).toBeLessThan(head); // really interrupted

    expect(JSON.parse(await okapi(b.path, 'project'))).toMatchObject({ checkpoint: head, lag: 0 });
    expect(await contents(b.path)).toEqual(await contents(a.path));
  });
});

describe('okapi project sweeps the documents no row names any more (orphans)', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = makeTempDir('okapi-cli-project-orphans-');
    const store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') });
    // Ten revisions per page within the hour, projected 50 events a batch: a page changes again in
    // a later batch within the hour, leaving its earlier document behind until swept.
    await generateRevisionStore(store, { revisions: 2000, pages: 200 });
    await store.close();
  });
  afterAll(() => dir.remove());

  it('leaves no orphan document once it has caught up', async () => {
    const summary = JSON.parse(await okapi(dir.path, 'project')) as { orphans_swept: number; lag: number };
    expect(summary.lag).toBe(0);
    expect(summary.orphans_swept).toBeGreaterThan(0);
    const count = async (sql: string): Promise<number> => Number(JSON.parse(await okapi(dir.path, 'sql', sql)).n);
    expect(
      await count(
        `SELECT count() AS n FROM article_documents
         WHERE (wiki, page_id, version) NOT IN (SELECT wiki, page_id, version FROM articles_current FINAL WHERE deleted = 0)
           AND (wiki, page_id, version) NOT IN (SELECT wiki, page_id, version FROM article_versions_hourly FINAL)`,
      ),
    ).toBe(0);
    // Every document a row names is still there.
    expect(
      await count(
        `SELECT count() AS n FROM (SELECT wiki, page_id, version FROM articles_current FINAL WHERE deleted = 0
           UNION DISTINCT SELECT wiki, page_id, version FROM article_versions_hourly FINAL)
         WHERE (wiki, page_id, version) NOT IN (SELECT wiki, page_id, version FROM article_documents)`,
      ),
    ).toBe(0);
  });

  it('--rebuild keeps the documents of the current format, --rebuild --documents builds every one again: same views', async () => {
    const before = await contents(dir.path);
    const rebuilt = JSON.parse(await okapi(dir.path, 'project', '--rebuild')) as { lag: number };
    expect(rebuilt.lag).toBe(0);
    expect(await contents(dir.path)).toEqual(before);
    await okapi(dir.path, 'project', '--rebuild', '--documents');
    expect(await contents(dir.path)).toEqual(before);
    await expect(okapi(dir.path, 'project', '--documents')).rejects.toThrow(/--documents goes with --rebuild/);
  });
});
