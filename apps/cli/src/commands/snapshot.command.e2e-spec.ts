// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pageStream, PageDeleted } from '@okapi/domain';
import { BulkExporter } from '@okapi/adapters/bulk';
import { GzipPool } from '@okapi/adapters/bulk';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { BulkFileStore } from '@okapi/adapters/storage';
import { makeTempDir, realDataPath, TempDir } from '@okapi/testing';

// Jest 29 ignores the per-project testTimeout; each CLI spawn pays SWC + chDB start-up.
jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');
const XML = realDataPath('xml');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Real fixture pages (pywikibot test dumps): their ids, namespaces and revision hours. */
const CULLU = 19252820; // "Çullu, Agdam", ns 0, last revision 2008-09-09T22:41:28Z
const CULLU_TALK = 19252824; // "Talk:Çullu, Agdam", ns 1, last revision 2008-09-09T22:41:38Z
const PEAR = 24278; // "Pear", ns 0, 2014-12-17T21:09:18Z

describe('okapi snapshot / batch (CLI on real dumps, end to end)', () => {
  let dir: TempDir;
  let data: string;
  let deleteOffset: number;

  const okapi = async (...args: string[]): Promise<Outcome> => {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args, '--data-dir', data], {
        maxBuffer: 64 << 20,
        env: { ...process.env, OKAPI_DATA_DIR: '' },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  /** Unpacks with the system tar and returns every NDJSON line parsed, per entry name. */
  const unpack = (file: string): Record<string, any[]> => {
    const into = join(dir.path, `x-${createHash('md5').update(file).digest('hex')}`);
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', file, '-C', into]);
    const out: Record<string, any[]> = {};
    for (const name of readdirSync(into)) {
      out[name] = readFileSync(join(into, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    }
    return out;
  };

  beforeAll(async () => {
    dir = makeTempDir('okapi-cli-bulk-');
    data = join(dir.path, 'data');
    for (const f of ['pair-0.10.xml', 'article-pear-0.10.xml'])
      expect((await okapi('import-dump', join(XML, f))).code).toBe(0);
    // The talk page is deleted an hour after its last edit (the dumps carry no deletions).
    const store = openSqliteEventStore({ path: join(data, 'events.sqlite3') });
    const deleted: PageDeleted = {
      type: 'PageDeleted',
      data: {
        wiki: 'enwiki',
        pageId: CULLU_TALK,
        namespace: 1,
        title: 'Talk:Çullu, Agdam',
        timestamp: '2008-09-09T23:05:00Z',
        source: 'test',
        receivedAt: '2008-09-09T23:05:01Z',
      },
    };
    const [appended] = await store.append([
      { stream: pageStream('enwiki', CULLU_TALK), expectedRevision: 'any', events: [deleted] },
    ]);
    deleteOffset = appended.lastOffset;
    await store.close();
    expect((await okapi('project')).code).toBe(0);
  });
  afterAll(() => dir.remove());

  it('writes one snapshot per live namespace; tar -xzf gives one Article per line, as many as live pages', async () => {
    // A snapshot of ns 1 published before its only page was deleted must not linger.
    const store = new BulkFileStore(data);
    await store.init();
    const pool = new GzipPool(1);
    await new BulkExporter({ store, pool, entryBytes: 1e6, chunks: true }).snapshot('enwiki', 1, [
      '{"name":"Talk:Çullu, Agdam"}',
    ]);
    await pool.close();

    const { code, stdout } = await okapi('snapshot');
    expect(code).toBe(0);
    const printed = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(printed.map((m) => [m.identifier, m.product, m.articles])).toEqual([
      ['enwiki_namespace_0', undefined, 2],
      ['enwiki_namespace_0', 'structured-contents', 2],
      ['enwiki_namespace_1', undefined, 0],
    ]);
    const structured = unpack(join(data, 'structured-snapshots', 'enwiki_namespace_0.tar.gz'));
    const contents = structured['enwiki_namespace_0_0.ndjson'];
    expect(contents.map((s) => s.identifier).sort()).toEqual([PEAR, CULLU].sort());
    for (const s of contents)
      expect(s).toMatchObject({ name: expect.any(String), article_sections: expect.any(Array) });
    expect(Object.keys(unpack(join(data, 'snapshots', 'enwiki_namespace_1.tar.gz')))).toEqual([]);
    expect(existsSync(join(data, 'chunks', 'enwiki_namespace_1', 'chunk_0.tar.gz'))).toBe(false);
    const entries = unpack(join(data, 'snapshots', 'enwiki_namespace_0.tar.gz'));
    expect(Object.keys(entries)).toEqual(['enwiki_namespace_0_0.ndjson']);
    const articles = entries['enwiki_namespace_0_0.ndjson'];
    expect(articles.map((a) => a.identifier).sort()).toEqual([PEAR, CULLU].sort());
    for (const a of articles)
      expect(a).toMatchObject({
        namespace: { identifier: 0 },
        is_part_of: { identifier: 'enwiki' },
        name: expect.any(String),
      });
    const live = await okapi(
      'sql',
      "SELECT count() AS n FROM articles_current FINAL WHERE wiki = 'enwiki' AND namespace = 0",
    );
    expect(articles.length).toBe(Number(JSON.parse(live.stdout.trim()).n));
    const meta = JSON.parse(readFileSync(join(data, 'snapshots', 'enwiki_namespace_0.json'), 'utf8'));
    expect(meta.version).toBe(
      createHash('md5')
        .update(readFileSync(join(data, 'snapshots', 'enwiki_namespace_0.tar.gz')))
        .digest('hex'),
    );
    expect(existsSync(join(data, 'chunks', 'enwiki_namespace_0', 'chunk_0.tar.gz'))).toBe(true);
  });

  it('--wiki/--namespace narrows the build, and an empty selection fails with a clear message', async () => {
    const ok = await okapi('snapshot', '--wiki', 'enwiki', '--namespace', '0');
    expect(ok.code).toBe(0);
    const none = await okapi('snapshot', '--wiki', 'dewiki');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no live articles for wiki dewiki');
  });

  it('builds hourly batches with exactly the pages changed in the hour, deletes included', async () => {
    expect((await okapi('batch', '--hour', '2008-09-09T22')).code).toBe(0);
    const ids = (file: string) =>
      Object.values(unpack(join(data, 'batches', '2008-09-09', '22', file)))
        .flat()
        .map((a) => a.identifier);
    expect(ids('enwiki_namespace_0.tar.gz')).toEqual([CULLU]);
    expect(ids('enwiki_namespace_1.tar.gz')).toEqual([CULLU_TALK]);

    const { stdout } = await okapi('batch', '--hour', '2008-09-09T23');
    expect(JSON.parse(stdout.trim())).toMatchObject({ identifier: 'enwiki_namespace_1', articles: 1 });
    const del = Object.values(unpack(join(data, 'batches', '2008-09-09', '23', 'enwiki_namespace_1.tar.gz'))).flat();
    expect(del.map((a) => [a.identifier, a.event?.type])).toEqual([[CULLU_TALK, 'delete']]);

    const quiet = await okapi('batch', '--hour', '2014-12-17T20');
    expect([quiet.code, quiet.stdout]).toEqual([0, '']);
    expect(existsSync(join(data, 'batches', '2014-12-17', '20'))).toBe(false);
  });

  it('rejects a malformed --hour with a usage error', async () => {
    const bad = await okapi('batch', '--hour', '2024-01-01T24');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an hour');
    expect((await okapi('batch', '--hour')).stderr).toContain('--hour needs a value');
  });

  it('--as-of folds the event log: before the delete the talk page is live, after it is gone', async () => {
    const before = await okapi('snapshot', '--as-of', String(deleteOffset - 1));
    expect(before.code).toBe(0);
    const dirBefore = join(data, 'history', String(deleteOffset - 1), 'snapshots');
    expect(
      readdirSync(dirBefore)
        .filter((f) => f.endsWith('.tar.gz'))
        .sort(),
    ).toEqual(['enwiki_namespace_0.tar.gz', 'enwiki_namespace_1.tar.gz']);
    const talk = Object.values(unpack(join(dirBefore, 'enwiki_namespace_1.tar.gz'))).flat();
    expect(talk.map((a) => a.identifier)).toEqual([CULLU_TALK]);
    const ns0 = Object.values(unpack(join(dirBefore, 'enwiki_namespace_0.tar.gz'))).flat();
    expect(ns0.map((a) => a.identifier).sort()).toEqual([PEAR, CULLU].sort());

    const after = await okapi('snapshot', '--as-of', String(deleteOffset));
    expect(
      after.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).identifier),
    ).toEqual(['enwiki_namespace_0']);
    const firstTwo = (await okapi('events', '--limit', '2')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ns0Pages = new Set(firstTwo.filter((e) => e.data.namespace === 0).map((e) => e.data.pageId));
    const early = await okapi('snapshot', '--as-of', '2', '--namespace', '0');
    expect(JSON.parse(early.stdout.trim()).articles).toBe(ns0Pages.size);
  });
});
