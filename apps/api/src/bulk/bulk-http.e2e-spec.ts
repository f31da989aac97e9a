// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync, utimesSync } from 'node:fs';
import { get as httpGet, request as httpRequest, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Global, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BulkExporter } from '@okapi/adapters/bulk';
import { GzipPool } from '@okapi/adapters/bulk';
import { toError } from '@okapi/adapters/errors';
import { CONFIG } from '@okapi/adapters/runtime';
import { BulkFileStore } from '@okapi/adapters/storage';
import { asyncSource, ifSetUp, makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { must } from '@okapi/domain';
import { OkapiExceptionFilter } from '../core/okapi-exception.filter';
import { BulkModule } from './bulk.module';

const FIXTURE = realDataPath('enterprise');
const REAL = readFileSync(join(FIXTURE, 'articles.ndjson'), 'utf8').trim().split('\n');

function articles(count: number, tag = ''): string[] {
  return Array.from({ length: count }, (_, i) => {
    const a = JSON.parse(REAL[i % REAL.length]);
    return JSON.stringify({ ...a, identifier: 1000 + i, name: `${a.name}${tag} ${i}` });
  });
}

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

describe('bulk HTTP API (WME paths, Range, HEAD, atomic rebuild)', () => {
  let dir: TempDir;
  let pool: GzipPool;
  let exporter: BulkExporter;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    dir = makeTempDir('okapi-bulk-http-');
    pool = new GzipPool(2);
    const store = new BulkFileStore(dir.path);
    await store.init();
    exporter = new BulkExporter({ store, pool, entryBytes: 2_000_000, chunks: true });
    await exporter.snapshot('enwiki', 0, asyncSource(articles(40)));
    await exporter.snapshot('dewiki', 14, asyncSource(articles(2)));
    await exporter.batch('2024-03-05', '07', 'enwiki', 0, asyncSource(articles(3, ' batch')));
    await exporter.structuredSnapshot('enwiki', 0, asyncSource(articles(5, ' structured')));

    @Global()
    @Module({ providers: [{ provide: CONFIG, useValue: { dataDir: dir.path } }], exports: [CONFIG] })
    class TestConfigModule {}
    @Module({ imports: [TestConfigModule, BulkModule] })
    class TestApp {}
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class and documents object literals for them.
    app = await NestFactory.create(TestApp, { logger: false });
    app.useGlobalFilters(new OkapiExceptionFilter());
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await ifSetUp(app)?.close();
    await pool.close();
    dir.remove();
  });

  const fetchJson = async (path: string, init?: RequestInit): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, init);
    return { status: res.status, body: await res.json() };
  };

  const post = (path: string, body: unknown) =>
    fetchJson(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const filters = (list: unknown[]): string => encodeURIComponent(JSON.stringify(list));

  /** WME clients send JSON bodies on GET too; fetch refuses that, node:http does not (GET is not chunked: length needed). */
  const getWithBody = (path: string, body: unknown): Promise<{ status: number; body: any }> =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
      const req = httpRequest(`${base}${path}`, { method: 'GET', headers }, (res) => {
        let got = '';
        res.on('data', (c: Buffer) => (got += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(got) });
          } catch (e) {
            reject(toError(e));
          }
        });
      });
      req.on('error', reject);
      req.end(text);
    });

  it('lists snapshots with WME metadata, narrowed by JSON filters and fields (GET query, GET body, POST body)', async () => {
    const all = await fetchJson('/v2/snapshots');
    expect(all.body.map((m: any) => m.identifier)).toEqual(['dewiki_namespace_14', 'enwiki_namespace_0']);
    const de = await fetchJson(
      `/v2/snapshots?filters=${filters([{ field: 'in_language.identifier', value: 'de' }])}&fields=identifier,namespace.*`,
    );
    expect(de).toEqual({ status: 200, body: [{ identifier: 'dewiki_namespace_14', namespace: { identifier: 14 } }] });
    const byNamespace = {
      filters: [{ field: 'namespace.identifier', value: 0 }],
      fields: ['identifier', 'size.value'],
    };
    const expected = [{ identifier: 'enwiki_namespace_0', size: { value: all.body[1].size.value } }];
    expect(await post('/v2/snapshots', byNamespace)).toEqual({ status: 200, body: expected });
    expect(await getWithBody('/v2/snapshots', byNamespace)).toEqual({ status: 200, body: expected });
    const byWiki = await fetchJson(
      `/v2/snapshots?filters=${filters([{ field: 'is_part_of.identifier', value: 'dewiki' }])}&fields=is_part_of.*`,
    );
    expect(byWiki.body).toEqual([{ is_part_of: { identifier: 'dewiki' } }]);
  });

  it('applies the same parameters to chunk and batch lists', async () => {
    const chunks = await post('/v2/snapshots/enwiki_namespace_0/chunks', {
      fields: ['identifier', 'namespace.*'],
      filters: [{ field: 'namespace.identifier', value: '0' }],
    });
    expect(chunks.body.length).toBeGreaterThan(1);
    expect(chunks.body[1]).toEqual({ identifier: 'enwiki_namespace_0_chunk_1', namespace: { identifier: 0 } });
    expect(
      (
        await fetchJson(
          `/v2/snapshots/enwiki_namespace_0/chunks?filters=${filters([{ field: 'namespace.identifier', value: 14 }])}`,
        )
      ).body,
    ).toEqual([]);
    const batches = await fetchJson(
      `/v2/batches/2024-03-05/07?filters=${filters([{ field: 'is_part_of.identifier', value: 'enwiki' }])}&fields=identifier`,
    );
    expect(batches).toEqual({ status: 200, body: [{ identifier: 'enwiki_namespace_0' }] });
    expect(
      (
        await getWithBody('/v2/batches/2024-03-05/07', {
          filters: [{ field: 'is_part_of.identifier', value: 'dewiki' }],
        })
      ).body,
    ).toEqual([]);
  });

  it.each([
    [
      'unknown query parameter',
      '/v2/snapshots?limt=3',
      'request.unknown_parameter',
      'unknown parameter "limt" (one of: since, fields, filters, limit, parts, offsets, since_per_partition)',
    ],
    [
      'unknown parameter on chunks',
      '/v2/snapshots/enwiki_namespace_0/chunks?filter=x',
      'request.unknown_parameter',
      'unknown parameter "filter"',
    ],
    [
      'unknown parameter on batches',
      '/v2/batches/2024-03-05/07?sort=identifier',
      'request.unknown_parameter',
      'unknown parameter "sort"',
    ],
    [
      'malformed filters JSON',
      `/v2/snapshots?filters=${encodeURIComponent('[{"field":')}`,
      'request.invalid_filters',
      'not valid JSON',
    ],
    [
      'retired field:value filters',
      '/v2/batches/2024-03-05/07?filters=is_part_of.identifier:enwiki',
      'request.invalid_filters',
      'not valid JSON',
    ],
    [
      'filter without value',
      `/v2/snapshots?filters=${filters([{ field: 'identifier' }])}`,
      'request.invalid_filters',
      'needs a string, number or boolean',
    ],
    [
      'filter on an unknown field',
      `/v2/snapshots?filters=${filters([{ field: 'name', value: 'x' }])}`,
      'request.invalid_filters',
      'cannot filter on "name"',
    ],
    [
      'non-numeric namespace',
      `/v2/snapshots?filters=${filters([{ field: 'namespace.identifier', value: 'main' }])}`,
      'request.invalid_filters',
      'needs an integer',
    ],
    ['a forbidden path segment', '/v2/snapshots?fields=is_part_of.__proto__', 'request.forbidden_key', '__proto__'],
  ])('refuses %s with 422 and a WME body', async (_name, path, code, message) => {
    const res = await fetchJson(path);
    expect(res).toEqual({
      status: 422,
      body: expect.objectContaining({ status: 422, code, message: expect.stringContaining(message) }),
    });
  });

  it('refuses unknown body parameters and non-object bodies on POST', async () => {
    // Every member of the WME SDKs' shared Request is accepted (and ignored here), as WME does.
    const sdkRequest = {
      fields: ['identifier'],
      limit: 1,
      since: '2024-03-05T00:00:00Z',
      parts: [0],
      offsets: { '0': 1 },
    };
    expect((await post('/v2/snapshots', sdkRequest)).status).toBe(200);
    expect((await post('/v2/snapshots', { fields: ['identifier'], limits: 1 })).body).toMatchObject({
      status: 422,
      code: 'request.unknown_parameter',
    });
    expect((await post('/v2/batches/2024-03-05/07', [{ field: 'identifier', value: 'x' }])).body).toMatchObject({
      status: 422,
      code: 'request.invalid_body',
    });
  });

  it('serves structured-contents snapshots at the SDK paths (trailing slash too), in WME shape, with Range', async () => {
    // The shape of WME's real record (wme-sdk-go testdata structured-contents-snapshot.json), keys in order.
    const real = JSON.parse(readFileSync(join(FIXTURE, 'structured-contents-snapshot.json'), 'utf8'));
    for (const path of ['/v2/snapshots/structured-contents/', '/v2/snapshots/structured-contents']) {
      const list = await post(path, { limit: 2, fields: [] });
      expect(list.status).toBe(200);
      expect(list.body.map((m: any) => m.identifier)).toEqual(['enwiki_namespace_0']);
      expect(Object.keys(list.body[0]).filter((k) => k !== 'sha256')).toEqual(Object.keys(real));
    }
    const one = await post('/v2/snapshots/structured-contents/enwiki_namespace_0', {});
    expect(one.body).toMatchObject({
      identifier: 'enwiki_namespace_0',
      namespace: { identifier: 0 },
      size: { unit_text: 'MB' },
    });
    expect(one.body.date_modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const url = `${base}/v2/snapshots/structured-contents/enwiki_namespace_0/download`;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('etag')).toBe(`"${one.body.version}"`);
    const size = Number(head.headers.get('content-length'));
    const first = await fetch(url, { headers: { range: `bytes=0-${Math.floor(size / 2)}` } });
    const rest = await fetch(url, { headers: { range: `bytes=${Math.floor(size / 2) + 1}-${size}` } });
    expect([first.status, rest.status]).toEqual([206, 206]);
    const whole = Buffer.concat([new Uint8Array(await first.arrayBuffer()), new Uint8Array(await rest.arrayBuffer())]);
    expect(md5(whole)).toBe(one.body.version);
    expect((await fetchJson('/v2/snapshots/structured-contents/frwiki_namespace_0')).status).toBe(404);
    // The article snapshots list is unchanged by the structured ones.
    expect((await fetchJson('/v2/snapshots')).body.map((m: any) => m.identifier)).toEqual([
      'dewiki_namespace_14',
      'enwiki_namespace_0',
    ]);
  });

  it('serves one snapshot, and WME-shaped errors for unknown or malformed ids', async () => {
    const one = await fetchJson('/v2/snapshots/enwiki_namespace_0');
    expect(one.body).toMatchObject({
      identifier: 'enwiki_namespace_0',
      is_part_of: { identifier: 'enwiki' },
      in_language: { identifier: 'en' },
      size: { unit_text: 'MB' },
    });
    expect(one.body.chunks.length).toBeGreaterThan(1);
    const missing = await fetchJson('/v2/snapshots/frwiki_namespace_0');
    expect(missing).toEqual({
      status: 404,
      body: expect.objectContaining({
        status: 404,
        message: 'snapshot frwiki_namespace_0 not found',
        code: 'snapshot.not_found',
      }),
    });
    const bad = await fetchJson('/v2/snapshots/..%2Fetc');
    expect(bad.body).toMatchObject({ status: 400, code: 'bulk.invalid_identifier' });
  });

  it('answers HEAD with exactly the headers of GET, and GET bytes have the advertised md5', async () => {
    const meta = (await fetchJson('/v2/snapshots/enwiki_namespace_0')).body;
    const head = await fetch(`${base}/v2/snapshots/enwiki_namespace_0/download`, { method: 'HEAD' });
    const get = await fetch(`${base}/v2/snapshots/enwiki_namespace_0/download`);
    const body = new Uint8Array(await get.arrayBuffer());
    const pick = (h: Headers) =>
      Object.fromEntries(
        ['accept-ranges', 'content-length', 'content-type', 'etag', 'last-modified', 'content-disposition'].map((k) => [
          k,
          h.get(k),
        ]),
      );
    expect(pick(head.headers)).toEqual(pick(get.headers));
    expect(head.headers.get('etag')).toBe(`"${meta.version}"`);
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-disposition')).toBe('attachment; filename="enwiki_namespace_0.tar.gz"');
    expect(Number(head.headers.get('content-length'))).toBe(body.length);
    expect(md5(body)).toBe(meta.version);
    expect(new Date(must(head.headers.get('last-modified'), 'Last-Modified')).getTime()).toBe(
      Math.floor(Date.parse(meta.date_modified) / 1000) * 1000,
    );
  });

  it('reassembles a download from many Range requests into the advertised md5', async () => {
    const meta = (await fetchJson('/v2/snapshots/enwiki_namespace_0')).body;
    const size = Number(
      (await fetch(`${base}/v2/snapshots/enwiki_namespace_0/download`, { method: 'HEAD' })).headers.get(
        'content-length',
      ),
    );
    const step = Math.ceil(size / 7) + 13;
    const parts: Uint8Array[] = [];
    for (let start = 0; start < size; start += step) {
      const end = Math.min(start + step, size) - 1;
      const res = await fetch(`${base}/v2/snapshots/enwiki_namespace_0/download`, {
        headers: { range: `bytes=${start}-${end}` },
      });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      parts.push(new Uint8Array(await res.arrayBuffer()));
    }
    expect(parts.length).toBeGreaterThan(5);
    expect(md5(Buffer.concat(parts))).toBe(meta.version);
  });

  it('answers 416 with Content-Range */size for a range past the end', async () => {
    const head = await fetch(`${base}/v2/batches/2024-03-05/07/enwiki_namespace_0/download`, { method: 'HEAD' });
    const size = Number(head.headers.get('content-length'));
    const res = await fetch(`${base}/v2/batches/2024-03-05/07/enwiki_namespace_0/download`, {
      headers: { range: `bytes=${size}-` },
    });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(await res.json()).toMatchObject({ status: 416, code: 'bulk.range_not_satisfiable' });
  });

  it('serves chunks by full id, chunk_n and n, each with its own md5', async () => {
    const chunks = (await fetchJson('/v2/snapshots/enwiki_namespace_0/chunks')).body;
    expect(chunks[1].identifier).toBe('enwiki_namespace_0_chunk_1');
    for (const ref of ['enwiki_namespace_0_chunk_1', 'chunk_1', '1']) {
      expect((await fetchJson(`/v2/snapshots/enwiki_namespace_0/chunks/${ref}`)).body).toEqual(chunks[1]);
    }
    const res = await fetch(`${base}/v2/snapshots/enwiki_namespace_0/chunks/1/download`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="enwiki_namespace_0_chunk_1.tar.gz"');
    expect(md5(new Uint8Array(await res.arrayBuffer()))).toBe(chunks[1].version);
    expect((await fetchJson('/v2/snapshots/enwiki_namespace_0/chunks/dewiki_namespace_0_chunk_1')).status).toBe(400);
    expect((await fetchJson('/v2/snapshots/enwiki_namespace_0/chunks/99')).body).toMatchObject({
      status: 404,
      code: 'chunk.not_found',
    });
  });

  it('lists and serves hourly batches, and rejects a malformed hour', async () => {
    const list = (await fetchJson('/v2/batches/2024-03-05/07')).body;
    expect(list.map((m: any) => m.identifier)).toEqual(['enwiki_namespace_0']);
    expect((await fetchJson('/v2/batches/2024-03-05/7/enwiki_namespace_0')).body).toEqual(list[0]);
    expect((await fetchJson('/v2/batches/2024-03-05/08')).body).toEqual([]);
    expect((await fetchJson('/v2/batches/2024-03-05/24')).body).toMatchObject({
      status: 400,
      code: 'bulk.invalid_hour',
    });
    const res = await fetch(`${base}/v2/batches/2024-03-05/07/enwiki_namespace_0/download`);
    expect(md5(new Uint8Array(await res.arrayBuffer()))).toBe(list[0].version);
  });

  it('completes a download started before a rebuild from the old file', async () => {
    const big = articles(150, ' v1'); // ~30 MB NDJSON -> several MB gzip, more than socket buffers hold
    const old = await exporter.snapshot('frwiki', 0, asyncSource(big));
    const res = await new Promise<IncomingMessage>((resolve) =>
      httpGet(`${base}/v2/snapshots/frwiki_namespace_0/download`, resolve),
    );
    const received: Buffer[] = [];
    const first = await new Promise<Buffer>((resolve) => res.once('data', resolve));
    received.push(first);
    res.pause();
    const rebuilt = await exporter.snapshot('frwiki', 0, asyncSource(articles(20, ' v2')));
    expect(rebuilt.meta.version).not.toBe(old.meta.version);
    res.on('data', (b: Buffer) => received.push(b));
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    expect(md5(Buffer.concat(received))).toBe(old.meta.version);
    const after = await fetch(`${base}/v2/snapshots/frwiki_namespace_0/download`);
    expect(after.headers.get('etag')).toBe(`"${rebuilt.meta.version}"`);
    expect(md5(new Uint8Array(await after.arrayBuffer()))).toBe(rebuilt.meta.version);
  });

  it('falls back to a weak ETag when a file no longer matches its metadata (e.g. copied in by hand)', async () => {
    await exporter.snapshot('itwiki', 0, asyncSource(articles(1)));
    utimesSync(join(dir.path, 'snapshots/itwiki_namespace_0.tar.gz'), new Date(), new Date(Date.now() + 5000));
    const res = await fetch(`${base}/v2/snapshots/itwiki_namespace_0/download`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
  });
});
