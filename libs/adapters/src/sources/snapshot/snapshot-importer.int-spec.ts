// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { PageCommandHandler, RevisionCreated, START, must } from '@okapi/domain';
import { makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openRuntime } from '../../runtime/open-runtime';
import { Runtime } from '../../runtime/runtime';
import { importSnapshot } from './snapshot-importer';

// Jest 29 ignores the per-project testTimeout in jest.config; real servers can be slow on a busy box.
jest.setTimeout(60_000);

// Real WME Articles ("Squirrel" on dewiki, enwiki, ruwiki): see test/SOURCES.md.
const ARTICLES = realDataPath('enterprise', 'articles.ndjson');
const lines = readFileSync(ARTICLES, 'utf8').split('\n').filter(Boolean);

async function tarGz(entries: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, body] of Object.entries(entries)) p.entry({ name }, body);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  return gzipSync(Buffer.concat(chunks));
}

describe('importSnapshot (real WME articles, real SQLite)', () => {
  let tmp: TempDir;
  let runtime: Runtime;
  let handler: PageCommandHandler;
  beforeEach(async () => {
    tmp = makeTempDir('okapi-snapshot-');
    runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: tmp.path }));
    handler = new PageCommandHandler(runtime.eventStore, { suspectThreshold: 0.5 });
  });
  afterEach(async () => {
    await runtime.close();
    tmp.remove();
  });
  const revisions = async (): Promise<RevisionCreated['data'][]> =>
    (await runtime.eventStore.readAll({ from: START, limit: 100 }))
      .filter((e): e is typeof e & RevisionCreated => e.type === 'RevisionCreated')
      .map((e) => e.data);

  it('plain NDJSON: one RevisionCreated per article, keeping html, wikitext, scores and enrichment', async () => {
    const stats = await importSnapshot(ARTICLES, handler);
    expect(stats).toMatchObject({ articles: 3, appended: 3, duplicates: 0, rejected: 0 });
    const en = must(
      (await revisions()).find((r) => r.wiki === 'enwiki'),
      'the enwiki revision',
    );
    const source = JSON.parse(
      must(
        lines.find((l) => l.includes('"identifier":"enwiki"')),
        'the enwiki line',
      ),
    );
    expect(en).toMatchObject({
      pageId: source.identifier,
      revisionId: 1171934824,
      title: 'Squirrel',
      namespace: 0,
      source: 'snapshot',
      timestamp: '2023-08-24T01:14:42Z',
      minor: true,
      size: 34723,
      parentId: source.previous_version.identifier,
      editor: { id: 28481209, name: 'OAbot', isBot: true },
    });
    expect(en.text).toBe(source.article_body.wikitext);
    expect(en.html).toBe(source.article_body.html);
    expect(en.enrichment).toMatchObject({
      dateCreated: '2001-10-09T17:55:09Z',
      numberOfCharacters: 34611,
      watchersCount: 343,
      hasTagNeedsCitation: true,
      scores: source.version.scores,
      protection: source.protection,
      image: source.image,
      license: source.license,
      mainEntity: { identifier: source.main_entity.identifier, url: source.main_entity.url },
    });
    expect(en.enrichment?.categories).toHaveLength(source.categories.length);
    expect(en.sha1).toMatch(/^[0-9a-z]{31}$/);
  });

  it('re-importing the same snapshot appends nothing', async () => {
    await importSnapshot(ARTICLES, handler);
    const again = await importSnapshot(ARTICLES, handler);
    expect(again).toMatchObject({ articles: 3, appended: 0, duplicates: 3 });
  });

  it('.tar.gz with several NDJSON entries: reads all; a bad line is reported by entry and line, the rest kept', async () => {
    const file = join(tmp.path, 'multiwiki_namespace_0.tar.gz');
    writeFileSync(
      file,
      await tarGz({
        'multiwiki_namespace_0_0.ndjson': `${lines[0]}\n${lines[1]}\n`,
        'multiwiki_namespace_0_1.ndjson': `${lines[2]}\n{"name":"Broken"\n`,
      }),
    );
    const rejected: string[] = [];
    const stats = await importSnapshot(file, handler, {
      onRejected: (where, line, reason) => rejected.push(`${where}:${line}: ${reason}`),
    });
    expect(stats).toMatchObject({ articles: 3, appended: 3, rejected: 1 });
    expect(rejected).toEqual([
      expect.stringMatching(/multiwiki_namespace_0\.tar\.gz:multiwiki_namespace_0_1\.ndjson:2: invalid JSON/),
    ]);
  });

  it('a truncated .tar.gz keeps every whole record before the cut and says where it stopped', async () => {
    const whole = await tarGz({
      'enwiki_namespace_0_0.ndjson': `${lines[0]}\n${lines[1]}\n`,
      'enwiki_namespace_0_1.ndjson': `${lines[2]}\n`,
    });
    const file = join(tmp.path, 'enwiki_namespace_0.tar.gz');
    // Cut inside the third record: the first two are whole in the bytes that remain.
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.85)));
    const error = (await importSnapshot(file, handler, { batchSize: 200 }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'snapshot.truncated', status: 422, details: { record: 3 } });
    expect(error.message).toMatch(
      new RegExp(
        `^${file.replace(/[.]/g, '\\.')}: damaged or truncated: stopped at record 3 \\(${file.replace(/[.]/g, '\\.')}:enwiki_namespace_0_0\\.ndjson after byte ${Buffer.byteLength(lines[0]) + Buffer.byteLength(lines[1]) + 2}; compressed byte offset \\d+\\): .*; the 2 whole records before it were imported$`,
      ),
    );
    expect((await revisions()).map((r) => r.title)).toEqual([0, 1].map((i) => JSON.parse(lines[i]).name));
    // The whole file adds only the rest.
    writeFileSync(file, whole);
    expect(await importSnapshot(file, handler)).toMatchObject({ articles: 3, appended: 1, duplicates: 2 });
  });

  it('lines over 1 MB survive intact (gzip and tar boundaries inside a line)', async () => {
    const big = JSON.parse(lines[1]);
    big.article_body.wikitext = `${big.article_body.wikitext}\n${'Ünïcödé squirrel text. '.repeat(60_000)}`; // ~1.4 MB
    delete big.version.size;
    const file = join(tmp.path, 'big.tar.gz');
    writeFileSync(file, await tarGz({ 'enwiki_namespace_0_0.ndjson': `${JSON.stringify(big)}\n` }));
    const stats = await importSnapshot(file, handler);
    expect(stats.bytes).toBeGreaterThan(1_500_000);
    const [rev] = await revisions();
    expect(rev.text).toBe(big.article_body.wikitext);
    expect(rev.size).toBe(Buffer.byteLength(big.article_body.wikitext));
  });

  it('an article without its version or wiki is rejected with the reason', async () => {
    const bad = JSON.parse(lines[0]);
    delete bad.version;
    delete bad.is_part_of;
    const file = join(tmp.path, 'bad.ndjson');
    writeFileSync(file, `${JSON.stringify(bad)}\n${lines[2]}\n`);
    const rejected: string[] = [];
    const stats = await importSnapshot(file, handler, { onRejected: (w, l, r) => rejected.push(`${l}: ${r}`) });
    expect(stats).toMatchObject({ articles: 1, appended: 1, rejected: 1 });
    expect(rejected).toEqual(['1: version.identifier missing; is_part_of.identifier missing']);
  });
});
