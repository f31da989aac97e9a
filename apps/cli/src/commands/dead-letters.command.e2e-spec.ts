import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RevisionCreatedData } from '@okapi/domain';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { SqliteDeadLetterStore } from '@okapi/adapters/dead-letters';
import { aPageAppend, makeTempDir, REFUSED_BY_CLICKHOUSE, TempDir } from '@okapi/testing';

jest.setTimeout(120_000);

const BIN = join(__dirname, '..', '..', '..', '..', 'bin', 'okapi.js');
const run = promisify(execFile);

async function okapi(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  const env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_') || k.startsWith('OKAPI_TEST_')),
    ),
    OKAPI_DATA_DIR: dataDir,
  };
  try {
    const { stdout } = await run('node', [BIN, ...args], { env });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('okapi dead-letters list|retry (CLI, embedded stores)', () => {
  let dir: TempDir;

  beforeAll(async () => {
    dir = makeTempDir('okapi-cli-dead-');
    const store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') });
    const page = (pageId: number, overrides: Partial<RevisionCreatedData> = {}) =>
      aPageAppend(pageId, { wiki: 'testwiki', ...overrides });
    // Offset 2 is refused by ClickHouse (UInt64 -1): a poison event for the views.
    await store.append([page(1), page(2, REFUSED_BY_CLICKHOUSE), page(3)]);
    await store.close();
  });
  afterAll(() => dir.remove());

  it('project sets the poison event aside and finishes; list shows it; retry keeps it while it still fails', async () => {
    expect(JSON.parse((await okapi(dir.path, 'project')).stdout)).toMatchObject({ checkpoint: 3, lag: 0 });
    const listed = await okapi(dir.path, 'dead-letters', 'list', '--consumer', 'views');
    const letters = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(letters).toEqual([
      expect.objectContaining({
        consumer: 'views',
        offset: 2,
        stream: 'page-testwiki-2',
        eventType: 'RevisionCreated',
        attempts: 1,
      }),
    ]);
    const retry = await okapi(dir.path, 'dead-letters', 'retry');
    expect(retry.code).toBe(1);
    expect(JSON.parse(retry.stdout)).toMatchObject({ retried: 1, landed: [], failed: [{ offset: 2 }] });
    const sql = await okapi(dir.path, 'sql', 'SELECT count() AS n FROM revisions FINAL');
    expect(JSON.parse(sql.stdout).n).toBe(2);
  });

  it('retry lands a letter whose event now projects, and removes it', async () => {
    // As if offset 3 had failed under an earlier bug: its letter, with the view row gone.
    const letters = new SqliteDeadLetterStore(join(dir.path, 'dead-letters.sqlite3'));
    await letters.record({
      consumer: 'bulk',
      offset: 1,
      stream: 'page-testwiki-1',
      eventType: 'article:create',
      error: 'old bug',
      at: '2026-12-04T18:00:00Z',
    });
    await letters.record({
      consumer: 'publisher',
      offset: 1,
      stream: 'page-testwiki-1',
      eventType: 'RevisionCreated',
      error: 'old bug',
      at: '2026-12-04T18:00:00Z',
    });
    await letters.record({
      consumer: 'views',
      offset: 3,
      stream: 'page-testwiki-3',
      eventType: 'RevisionCreated',
      error: 'old bug',
      at: '2026-12-04T18:00:00Z',
    });
    await letters.close();
    const views = await okapi(dir.path, 'dead-letters', 'retry', '--consumer', 'views');
    expect(JSON.parse(views.stdout)).toMatchObject({ retried: 2, landed: [3], failed: [{ offset: 2 }], skipped: [] });
    // Every consumer: the bulk letter is re-checked (page 1's Article converts: removed), the
    // publisher's is listed as skipped and kept.
    const all = JSON.parse((await okapi(dir.path, 'dead-letters', 'retry')).stdout);
    expect(all).toMatchObject({ retried: 2, landed: [1], failed: [{ offset: 2 }] });
    expect(all.skipped).toEqual([expect.objectContaining({ consumer: 'publisher', offset: 1 })]);
    const left = (await okapi(dir.path, 'dead-letters', 'list')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((l) => [l.consumer, l.offset]);
    expect(left).toEqual([
      ['publisher', 1],
      ['views', 2],
    ]);
  });

  it('refuses an unknown action (exit 2)', async () => {
    expect((await okapi(dir.path, 'dead-letters', 'purge')).code).toBe(2);
  });
});
