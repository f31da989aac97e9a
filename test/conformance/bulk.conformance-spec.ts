/**
 * Snapshots, chunks, hourly batches and structured-contents snapshots as both SDKs use them:
 * metadata getters (POST + Request), HEAD, parallel Range downloads whose md5 equals `version`
 * (and the ETag), and `ReadAll` (gunzip, every tar entry, 20 MiB line scanner, strict decode).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { must } from '@okapi/domain';
import { decodeGo } from './client/go-decoder';
import { badDates, WME_DATE } from './client/python-dates';
import { tarGzLines } from './client/tar-lines';
import { WmeClient } from './client/wme-client';
import * as S from './client/wme-structs';
import { expectFilled, realJson, sdkClients } from './support/clients';

type Rec = Record<string, unknown>;
/** Small ranges so even these small files are fetched in several parallel parts. */
const SMALL = { downloadChunkSize: 16 * 1024, downloadMinChunkSize: 2 * 1024, downloadConcurrency: 4 };

/** Metadata exactly in WME's shape: the keys of the real record, in its order (plus `chunks`). */
function expectWmeMetadata(meta: Rec, realFile: string): void {
  const real = realJson(realFile) as Rec;
  const keys = Object.keys(meta).filter((k) => k !== 'sha256' && k !== 'chunks');
  expect(keys).toEqual(Object.keys(real));
  expectFilled(meta, [
    'identifier',
    'version',
    'date_modified',
    'is_part_of.identifier',
    'in_language.identifier',
    'size.value',
  ]);
  expect(meta.date_modified).toMatch(WME_DATE);
  expect((meta.size as Rec).unit_text).toBe('MB');
}

async function downloadAndRead(c: WmeClient, path: string, meta: Rec, type = S.Article): Promise<Rec[]> {
  const d = await c.download(path);
  expect(d.md5).toBe(meta.version);
  expect(d.head.etag).toBe(meta.version);
  expect(d.head.acceptRanges).toBe('bytes');
  expect(d.rangeRequests).toBeGreaterThan(1);
  // ReadAll over the downloaded bytes, as the Go SDK reads a downloaded file.
  const fromFile: Rec[] = [];
  for await (const { line } of tarGzLines(Readable.from([d.bytes]))) {
    const v = JSON.parse(line.toString('utf8')) as Rec;
    decodeGo(type, v);
    fromFile.push(v);
  }
  // ReadSnapshot/ReadChunk/ReadBatch: the same records, streamed from the download URL.
  const streamed: Rec[] = [];
  await c.readTarGz(path, type, (r) => streamed.push(r));
  expect(streamed).toEqual(fromFile);
  for (const r of fromFile) expect(badDates(r)).toEqual([]);
  return fromFile;
}

describe('WME SDK conformance: bulk', () => {
  it.each(['go', 'python'] as const)('%s: snapshots and their chunks', async (flavour) => {
    const c = (await sdkClients(SMALL))[flavour];
    const all = await c.getSnapshots({ limit: 3, since: new Date() });
    expect(all.map((m) => m.identifier)).toEqual(expect.arrayContaining(['enwiki_namespace_0', 'dewiki_namespace_0']));
    for (const m of all) expectWmeMetadata(m, 'snapshot.json');
    const en = await c.getSnapshot('enwiki_namespace_0');
    const chunkIds = en.chunks as string[];
    expect(chunkIds.length).toBeGreaterThan(1);
    const articles = await downloadAndRead(c, 'snapshots/enwiki_namespace_0/download', en);
    expect(articles.map((a) => a.name).sort()).toEqual(['Pear', 'Squirrel', 'Çullu, Agdam']);
    const onDemand = await c.getArticles('Squirrel', {
      filters: [{ field: 'is_part_of.identifier', value: 'enwiki' }],
    });
    expect(articles.find((a) => a.name === 'Squirrel')).toEqual(onDemand[0]);

    const chunks = await c.getChunks('enwiki_namespace_0');
    expect(chunks.map((m) => m.identifier)).toEqual(chunkIds);
    const fromChunks: Rec[] = [];
    for (const id of chunkIds) {
      const meta = await c.getChunk('enwiki_namespace_0', id);
      expectWmeMetadata(meta, 'chunk.json');
      const head = await c.head(`snapshots/enwiki_namespace_0/chunks/${id}/download`);
      expect(head.etag).toBe(meta.version);
      const d = await c.download(`snapshots/enwiki_namespace_0/chunks/${id}/download`);
      expect(d.md5).toBe(meta.version);
      await c.readTarGz(`snapshots/enwiki_namespace_0/chunks/${id}/download`, S.Article, (r) => fromChunks.push(r));
    }
    expect(fromChunks.map((a) => a.identifier).sort()).toEqual(articles.map((a) => a.identifier).sort());
  });

  it.each(['go', 'python'] as const)('%s: hourly batches', async (flavour) => {
    const c = (await sdkClients(SMALL))[flavour];
    const hour = new Date('2023-08-24T01:00:00Z'); // the hour of the real enwiki record's revision
    const batches = await c.getBatches(hour, { limit: 1 });
    expect(batches.map((b) => b.identifier)).toEqual(['enwiki_namespace_0']);
    const meta = await c.getBatch(hour, 'enwiki_namespace_0');
    expectWmeMetadata(meta, 'batch.json');
    const lines: Rec[] = [];
    const d = await c.download(`batches/2023-08-24/01/enwiki_namespace_0/download`);
    expect(d.md5).toBe(meta.version);
    await c.readTarGz('batches/2023-08-24/01/enwiki_namespace_0/download', S.Article, (r) => lines.push(r));
    expect(lines.map((a) => [a.name, (a.version as Rec).identifier])).toEqual([['Squirrel', 1171934824]]);
    const dumpHour = await c.getBatches(new Date('2008-09-09T22:00:00Z'));
    expect(dumpHour.map((b) => b.identifier).sort()).toEqual(['enwiki_namespace_0', 'enwiki_namespace_1']);
  });

  it.each(['go', 'python'] as const)('%s: structured-contents snapshots', async (flavour) => {
    const c = (await sdkClients(SMALL))[flavour];
    const withSlash = await c.getStructuredSnapshots({ fields: [] }, true);
    const without = await c.getStructuredSnapshots(undefined, false);
    expect(without).toEqual(withSlash);
    expect(withSlash.map((m) => m.identifier)).toEqual(
      expect.arrayContaining(['enwiki_namespace_0', 'ruwiki_namespace_0']),
    );
    for (const m of withSlash) expectWmeMetadata(m, 'structured-contents-snapshot.json');
    const meta = await c.getStructuredSnapshot('enwiki_namespace_0');
    const head = await c.head('snapshots/structured-contents/enwiki_namespace_0/download');
    expect(head.contentType).toBe('application/gzip');
    const records = await downloadAndRead(
      c,
      'snapshots/structured-contents/enwiki_namespace_0/download',
      meta,
      S.StructuredContent,
    );
    const squirrel = must(
      records.find((r) => r.name === 'Squirrel'),
      'Squirrel',
    );
    const onDemand = await c.getStructuredContents('Squirrel', {
      filters: [{ field: 'is_part_of.identifier', value: 'enwiki' }],
    });
    expect(squirrel).toEqual(onDemand[0]);
    expectFilled(squirrel, ['name', 'identifier', 'abstract', 'url', 'version.identifier', 'article_sections']);
  });

  it('serves the bytes a Range asks for, whatever the split (Go overlapping, Python exact)', async () => {
    const { go, python } = await sdkClients({
      downloadChunkSize: 10_000,
      downloadMinChunkSize: 1000,
      downloadConcurrency: 10,
    });
    const meta = await go.getSnapshot('enwiki_namespace_0');
    const [a, b] = await Promise.all([
      go.download('snapshots/enwiki_namespace_0/download'),
      python.download('snapshots/enwiki_namespace_0/download'),
    ]);
    expect(a.rangeRequests).toBeGreaterThanOrEqual(10);
    expect([a.md5, b.md5]).toEqual([meta.version, meta.version]);
    expect(createHash('md5').update(a.bytes).digest('hex')).toBe(meta.version);
  });
});
