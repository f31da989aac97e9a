// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { asyncSource, makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { must } from '@okapi/domain';
import { BulkFileStore } from '../storage/bulk-file-store';
import { BulkExporter } from './bulk-exporter';
import { GzipPool } from './gzip-pool';

const FIXTURE = realDataPath('enterprise');
const REAL = readFileSync(join(FIXTURE, 'articles.ndjson'), 'utf8').trim().split('\n');
const WME_SNAPSHOT = JSON.parse(readFileSync(join(FIXTURE, 'snapshot.json'), 'utf8'));

/** Real WME articles, re-identified so each line is a distinct page. */
function articles(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const a = JSON.parse(REAL[i % REAL.length]);
    return JSON.stringify({ ...a, identifier: 1000 + i, name: `${a.name} ${i}` });
  });
}

function untar(file: string, into: string): void {
  execFileSync('mkdir', ['-p', into]);
  execFileSync('tar', ['-xzf', file, '-C', into]);
}

describe('BulkExporter (real tar, real gzip workers)', () => {
  let dir: TempDir;
  let pool: GzipPool;
  let store: BulkFileStore;

  beforeAll(() => {
    pool = new GzipPool(2);
  });
  afterAll(() => pool.close());
  beforeEach(async () => {
    dir = makeTempDir('okapi-bulk-');
    store = new BulkFileStore(dir.path);
    await store.init();
  });
  afterEach(() => dir.remove());

  it('writes a snapshot that tar -xzf unpacks into entries of at most entryBytes, one Article per line', async () => {
    const docs = articles(30); // ~6 MB of real article JSON
    const entryBytes = 1_500_000;
    const exporter = new BulkExporter({ store, pool, entryBytes, chunks: true, blockBytes: 256 * 1024 });
    const result = await exporter.snapshot('dewiki', 0, asyncSource(docs));

    const file = join(dir.path, 'snapshots/dewiki_namespace_0.tar.gz');
    untar(file, join(dir.path, 'x'));
    const entries = readdirSync(join(dir.path, 'x')).sort(
      (a, b) => Number(must(/_(\d+)\./.exec(a), a)[1]) - Number(must(/_(\d+)\./.exec(b), b)[1]),
    );
    expect(entries.length).toBeGreaterThan(2);
    expect(entries[0]).toBe('dewiki_namespace_0_0.ndjson');
    const unpacked = entries.flatMap((e) => {
      const text = readFileSync(join(dir.path, 'x', e), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(entryBytes);
      return text.trim().split('\n');
    });
    expect(unpacked).toEqual(docs);
    expect(unpacked.map((l) => JSON.parse(l).name)).toEqual(docs.map((l) => JSON.parse(l).name));

    const bytes = readFileSync(file);
    expect(result.meta.version).toBe(createHash('md5').update(bytes).digest('hex'));
    expect(result.meta.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.meta.size.value).toBe(Math.round(bytes.length / 1000) / 1000);
    expect(result.meta.chunks).toEqual(entries.map((_, n) => `dewiki_namespace_0_chunk_${n}`));
    expect(Object.keys(result.meta)).toEqual([...Object.keys(WME_SNAPSHOT), 'chunks', 'sha256']);
    expect(result.meta.in_language).toEqual({ identifier: 'de' });
    expect(result.meta.date_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    expect(await store.readMeta({ kind: 'snapshot', id: 'dewiki_namespace_0' })).toEqual(result.meta);
  });

  it('writes each entry also as a one-entry chunk whose bytes match its metadata', async () => {
    const docs = articles(12);
    const exporter = new BulkExporter({ store, pool, entryBytes: 1_000_000, chunks: true });
    const { chunks } = await exporter.snapshot('enwiki', 0, asyncSource(docs));
    const all: string[] = [];
    for (const [n, meta] of chunks.entries()) {
      const file = join(dir.path, `chunks/enwiki_namespace_0/chunk_${n}.tar.gz`);
      expect(meta.version).toBe(createHash('md5').update(readFileSync(file)).digest('hex'));
      untar(file, join(dir.path, `c${n}`));
      expect(readdirSync(join(dir.path, `c${n}`))).toEqual([`chunk_${n}.ndjson`]);
      all.push(
        ...readFileSync(join(dir.path, `c${n}`, `chunk_${n}.ndjson`), 'utf8')
          .trim()
          .split('\n'),
      );
    }
    expect(all).toEqual(docs);
    expect((await store.listChunks('enwiki_namespace_0')).map((c) => c.identifier)).toEqual(
      chunks.map((c) => c.identifier),
    );
  });

  it('groups whole entries into chunks of at most chunkBytes, one tar entry each', async () => {
    const docs = articles(24);
    const exporter = new BulkExporter({ store, pool, entryBytes: 400_000, chunkBytes: 1_500_000, chunks: true });
    const { meta, chunks } = await exporter.snapshot('ruwiki', 0, asyncSource(docs));
    untar(join(dir.path, 'snapshots/ruwiki_namespace_0.tar.gz'), join(dir.path, 's'));
    const entries = readdirSync(join(dir.path, 's')).length;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThan(entries);
    expect(meta.chunks).toEqual(chunks.map((c) => c.identifier));
    const all: string[] = [];
    for (const [n, c] of chunks.entries()) {
      const file = join(dir.path, `chunks/ruwiki_namespace_0/chunk_${n}.tar.gz`);
      expect(c.version).toBe(createHash('md5').update(readFileSync(file)).digest('hex'));
      untar(file, join(dir.path, `g${n}`));
      expect(readdirSync(join(dir.path, `g${n}`))).toEqual([`chunk_${n}.ndjson`]);
      const text = readFileSync(join(dir.path, `g${n}`, `chunk_${n}.ndjson`), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1_500_000);
      all.push(...text.trim().split('\n'));
    }
    expect(all).toEqual(docs);
  });

  it('removes chunks left over when a rebuilt snapshot has fewer entries', async () => {
    const exporter = new BulkExporter({ store, pool, entryBytes: 600_000, chunks: true });
    const first = await exporter.snapshot('enwiki', 0, asyncSource(articles(9)));
    const second = await exporter.snapshot('enwiki', 0, asyncSource(articles(2)));
    expect(first.chunks.length).toBeGreaterThan(second.chunks.length);
    expect((await store.listChunks('enwiki_namespace_0')).length).toBe(second.chunks.length);
  });

  it('writes an empty but valid archive for a namespace with no pages, and gunzip reads the multi-member stream', async () => {
    const exporter = new BulkExporter({ store, pool, entryBytes: 1000, chunks: false });
    const { meta, lines: n } = await exporter.batch('2024-01-02', '03', 'enwiki', 0, asyncSource([]));
    expect(n).toBe(0);
    const file = join(dir.path, 'batches/2024-01-02/03/enwiki_namespace_0.tar.gz');
    expect(gunzipSync(readFileSync(file)).length).toBe(1024);
    expect(meta.chunks).toBeUndefined();
    expect(execFileSync('tar', ['-tzf', file]).toString()).toBe('');
  });

  it('leaves nothing published and nothing staged when the source fails midway', async () => {
    const exporter = new BulkExporter({ store, pool, entryBytes: 300_000, chunks: true });
    const failing = asyncSource(articles(3), new Error('source broke'));
    await expect(exporter.snapshot('enwiki', 0, failing)).rejects.toThrow('source broke');
    expect(await store.listSnapshots()).toEqual([]);
    expect(readdirSync(join(dir.path, '.staging'))).toEqual([]);
  });

  it('refuses a second concurrent build of the same snapshot instead of interleaving its chunks', async () => {
    const exporter = new BulkExporter({ store, pool, entryBytes: 300_000, chunks: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncIterable<string> {
      yield articles(1)[0];
      await gate;
    }
    const first = exporter.snapshot('enwiki', 0, slow());
    await new Promise((r) => setTimeout(r, 50));
    await expect(exporter.snapshot('enwiki', 0, asyncSource(articles(1)))).rejects.toThrow(
      'is being built by another process',
    );
    await expect(exporter.snapshot('dewiki', 0, asyncSource(articles(1)))).resolves.toMatchObject({ lines: 1 });
    release();
    await expect(first).resolves.toMatchObject({ lines: 1 });
    await expect(exporter.snapshot('enwiki', 0, asyncSource(articles(2)))).resolves.toMatchObject({ lines: 2 });
  });
});
