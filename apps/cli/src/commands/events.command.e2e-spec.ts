import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventStore, pageStream } from '@okapi/domain';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { aRevisionCreated, makeTempDir, TempDir } from '@okapi/testing';

// jest.config's per-project testTimeout is ignored by Jest 29; spawning the CLI can be slow on a busy box.
jest.setTimeout(60_000);

const BIN = join(__dirname, '..', '..', '..', '..', 'bin', 'okapi.js');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function okapi(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, OKAPI_DATA_DIR: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const lines = (stdout: string): { offset: number; stream: string; type: string; data: { revisionId: number } }[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('okapi events (CLI, end to end)', () => {
  let dir: TempDir;
  let store: EventStore;
  beforeAll(async () => {
    dir = makeTempDir('okapi-cli-events-');
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') });
    for (let page = 1; page <= 5; page++) {
      const events = [1, 2, 3, 4, 5].map((r) => aRevisionCreated({ pageId: page, revisionId: page * 100 + r }));
      await store.append([{ stream: pageStream('enwiki', page), expectedRevision: 'no_stream', events }]);
    }
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('prints every event as NDJSON {offset, stream, type, data} from offset 0, and nothing else on stdout', async () => {
    const { code, stdout } = await okapi('events', '--from', '0', '--data-dir', dir.path);
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out.map((e) => e.offset)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(Object.keys(out[0])).toEqual(['offset', 'stream', 'type', 'data']);
    expect(out[0]).toMatchObject({ stream: 'page-enwiki-1', type: 'RevisionCreated', data: { revisionId: 101 } });
    expect(out[24].data.revisionId).toBe(505);
  });

  it('starts at --from inclusive, stops after --limit, and prints nothing past the head', async () => {
    const middle = await okapi('events', '--from', '10', '--limit', '5', '--data-dir', dir.path);
    expect([middle.code, lines(middle.stdout).map((e) => e.offset)]).toEqual([0, [10, 11, 12, 13, 14]]);
    const past = await okapi('events', '--from', '26', '--data-dir', dir.path);
    expect([past.code, past.stdout]).toEqual([0, '']);
  });

  it('rejects a bad --from with exit 2, a message naming the option, and an empty stdout', async () => {
    const bad = await okapi('events', '--from', 'abc', '--data-dir', dir.path);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from must be an integer/);
    expect(bad.stdout).toBe('');
  });

  it('reads a consistent, gapless prefix while another writer appends to the same file', async () => {
    let writing = true;
    let revision = 10_000;
    const writer = (async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- cleared by the test while this loop awaits (TypeScript#9998).
      while (writing) {
        const events = Array.from({ length: 50 }, () => aRevisionCreated({ pageId: 99, revisionId: revision++ }));
        await store.append([{ stream: pageStream('enwiki', 99), expectedRevision: 'any', events }]);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const result = await okapi('events', '--from', '1', '--data-dir', dir.path);
    writing = false;
    await writer;
    expect(result.code).toBe(0);
    const offsets = lines(result.stdout).map((e) => e.offset);
    expect(offsets.length).toBeGreaterThanOrEqual(25);
    expect(offsets).toEqual(Array.from({ length: offsets.length }, (_, i) => i + 1));
  });

  it('prints an empty log for a data dir with no store yet', async () => {
    const empty = makeTempDir('okapi-cli-empty-');
    const { code, stdout } = await okapi('events', '--data-dir', join(empty.path, 'new'));
    empty.remove();
    expect([code, stdout]).toEqual([0, '']);
  });
});
