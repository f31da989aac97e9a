// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * Structured contents of a page wtf_wikipedia cannot parse in time (1 MB of unclosed tables):
 * the on-demand request answers 503 `structured_contents.unavailable` with a WME body once the
 * derivation deadline passes, while the API keeps serving /healthz and other pages; the
 * structured-contents snapshot leaves that page out with a `bulk` dead letter and carries the
 * good ones.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSnapshots } from '@okapi/adapters/bulk';
import { BulkExporter } from '@okapi/adapters/bulk';
import { cliReadModel } from '@okapi/adapters/bulk';
import { GzipPool } from '@okapi/adapters/bulk';
import { BulkFileStore } from '@okapi/adapters/storage';
import { sharedDerivationPool } from '@okapi/adapters/wikitext';
import { UNCLOSED_TABLES } from '@okapi/adapters/wikitext/testing/pathological-wikitext';
import { ifSetUp, makeTempDir, readRealNdjson, TempDir } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { must } from '@okapi/domain';

jest.setTimeout(180_000);

const TIMEOUT_MS = 1500;

describe('structured contents of a page that cannot be parsed in time', () => {
  let fixtures: TempDir;
  let h: ApiHarness;
  const real = readRealNdjson<Record<string, any>>('enterprise', 'articles.ndjson');
  const squirrel = must(
    real.find((a) => a.is_part_of.identifier === 'enwiki'),
    'enwiki',
  );
  const variant = (name: string, identifier: number, wikitext: string): Record<string, any> => ({
    ...squirrel,
    name,
    identifier,
    url: `https://en.wikipedia.org/wiki/${name}`,
    version: { ...squirrel.version, identifier: identifier * 10 },
    article_body: { wikitext },
  });

  beforeAll(async () => {
    fixtures = makeTempDir('okapi-sc-guard-');
    const ndjson = join(fixtures.path, 'articles.ndjson');
    const articles = [
      squirrel, // 34,611 chars of wikitext: parsed on a derivation worker
      variant('Tables', 990001, UNCLOSED_TABLES),
      variant('Acorn', 990002, "'''Acorn''' is a page.\n\n== History ==\nIt has [[history]]."),
      variant('Hazel', 990003, "'''Hazel''' is another page."),
    ];
    writeFileSync(ndjson, articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
    h = await startApiHarness({ snapshots: [ndjson], env: { OKAPI_DERIVATION_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
    ifSetUp(fixtures)?.remove();
  });

  it('answers 503 structured_contents.unavailable, serving /healthz and other pages meanwhile', async () => {
    let settled = false;
    const bad = h.request('/v2/structured-contents/Tables').finally(() => (settled = true));
    const health: number[] = [];
    let other: number | undefined;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set when the request settles, which narrowing does not follow (TypeScript#9998).
    while (!settled) {
      health.push((await h.request('/healthz', { auth: false })).status);
      if (other === undefined) other = (await h.request('/v2/structured-contents/Acorn')).status;
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await bad;
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, code: 'structured_contents.unavailable' });
    expect(body.message).toMatch(/deadline of 1500 ms/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack
    // The event loop was free while the worker parsed: health checks and another page answered.
    expect(health.length).toBeGreaterThanOrEqual(3);
    expect(new Set(health)).toEqual(new Set([200]));
    expect(other).toBe(200);

    // The failure is cached by content: the next request fails without parsing again.
    const timedOut = sharedDerivationPool().timedOut;
    const again = await h.request('/v2/structured-contents/Tables');
    expect(again.status).toBe(503);
    expect(sharedDerivationPool().timedOut).toBe(timedOut);

    // A large page that parses in time is derived on the worker as before.
    const big = await h.request('/v2/structured-contents/Squirrel');
    expect(big.status).toBe(200);
    const [sc] = (await big.json()) as Record<string, any>[];
    expect(sc.article_sections.map((s: { name: string }) => s.name)).toContain('Abstract');
  });

  it('the structured-contents snapshot leaves the page out with a bulk dead letter and carries the others', async () => {
    const store = new BulkFileStore(join(fixtures.path, 'bulk'));
    await store.init();
    const pool = new GzipPool(1);
    try {
      const exporter = new BulkExporter({ store, pool, entryBytes: 10_000_000, chunks: false });
      const results = await buildSnapshots(
        cliReadModel(h.runtime),
        exporter,
        { wiki: 'enwiki', namespace: 0 },
        undefined,
        undefined,
        h.runtime.deadLetters,
      );
      expect(results.length).toBe(2);
    } finally {
      await pool.close();
    }
    const into = join(fixtures.path, 'unpacked');
    mkdirSync(into);
    execFileSync('tar', ['-xzf', join(store.root, 'structured-snapshots', 'enwiki_namespace_0.tar.gz'), '-C', into]);
    const names = readdirSync(into)
      .flatMap((f) => readFileSync(join(into, f), 'utf8').split('\n').filter(Boolean))
      .map((l) => (JSON.parse(l) as { name: string }).name)
      .sort();
    expect(names).toEqual(['Acorn', 'Hazel', 'Squirrel']);
    const letters = await h.runtime.deadLetters.list('bulk');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ consumer: 'bulk', stream: 'page-enwiki-990001' });
    expect(letters[0].error).toMatch(/structured contents of "Tables" could not be derived/);
  });
});
