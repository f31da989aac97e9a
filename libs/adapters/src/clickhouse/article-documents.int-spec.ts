// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { createHash } from 'node:crypto';
import { DerivationResolver, HourlyVersion, sqlLiteral } from '@okapi/projections';
import { ArticleDerivations } from '../derivations/article-derivations';
import { Analytics } from './analytics';
import { DOCUMENT_FORMAT } from './document-reuse';
import { dropViews, loadMigrations, migrate } from './migrations';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { seedStore, storeOnEngine, viewContents } from './testing/views-store.fixture';

jest.setTimeout(120_000);

const NOW = () => '2026-12-01T00:00:00Z';

/** Waits for the engine's background deletions (mutations) of documents to finish. */
async function mutationsDone(analytics: Analytics): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const [row] = await analytics.query<{ n: number | string }>(
      "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table = 'article_documents' AND is_done = 0",
    );
    if (Number(row.n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the document deletions did not finish within 30 s');
}

/** Everything the read model serves: lookups by every name, snapshots, hourly batches. */
async function served(analytics: Analytics, names: readonly string[], hours: readonly string[]) {
  const model = analytics.readModel;
  const lookups: Record<string, string[]> = {};
  for (const name of names) lookups[name] = await model.findCurrentByName({ name, limit: 10 });
  const snapshots: Record<string, string[]> = {};
  const namespaces = await model.listWikiNamespaces();
  for (const p of namespaces) {
    const docs: string[] = [];
    for await (const d of model.streamCurrent(p.wiki, p.namespace)) docs.push(d);
    snapshots[`${p.wiki}:${p.namespace}`] = docs;
  }
  const batches: Record<string, HourlyVersion[]> = {};
  for (const hour of hours) {
    const versions: HourlyVersion[] = [];
    for await (const v of model.streamHour(hour)) versions.push(v);
    batches[hour] = versions;
  }
  return { lookups, namespaces, snapshots, batches };
}

/** The same reads as the read model did them before documents moved (the `doc` column of each view). */
async function servedBeforeTheChange(analytics: Analytics, names: readonly string[], hours: readonly string[]) {
  const lookups: Record<string, string[]> = {};
  for (const name of names)
    lookups[name] = (
      await analytics.query<{ doc: string }>(
        `SELECT doc FROM (SELECT wiki, doc, deleted, date_modified, version FROM articles_current FINAL WHERE name = ${sqlLiteral(name)})
         WHERE deleted = 0 ORDER BY date_modified DESC, version DESC LIMIT 1 BY wiki LIMIT 10`,
      )
    ).map((r) => r.doc);
  const snapshots: Record<string, string[]> = {};
  for (const p of await analytics.readModel.listWikiNamespaces())
    snapshots[`${p.wiki}:${p.namespace}`] = (
      await analytics.query<{ doc: string }>(
        `SELECT doc FROM (SELECT page_id, doc, deleted FROM articles_current FINAL
         WHERE wiki = ${sqlLiteral(p.wiki)} AND namespace = ${sqlLiteral(p.namespace)}) WHERE deleted = 0 ORDER BY page_id`,
      )
    ).map((r) => r.doc);
  const batches: Record<string, HourlyVersion[]> = {};
  for (const hour of hours)
    batches[hour] = (
      await analytics.query<{ wiki: string; namespace: number; page_id: number | string; doc: string }>(
        `SELECT wiki, namespace, page_id, doc FROM article_versions_hourly FINAL
         WHERE hour = ${sqlLiteral(hour.replace('T', ' ').replace('Z', ''))} ORDER BY wiki, namespace, page_id`,
      )
    ).map((r) => ({ wiki: r.wiki, namespace: r.namespace, pageId: Number(r.page_id), doc: r.doc }));
  return { lookups, snapshots, batches };
}

describeEachEngine('Article documents stored once (article_documents)', (harness) => {
  const views = storeOnEngine(harness, { prefix: 'okapi-documents-', open: seedStore });
  let names: string[];
  let hours: string[];
  let projected: Awaited<ReturnType<typeof served>>;

  beforeAll(async () => {
    await new ProjectionRunner(views.store, views.analytics, { now: NOW }).runUntilCaughtUp();
    names = (
      await views.analytics.query<{ name: string }>('SELECT DISTINCT name FROM articles_current ORDER BY name')
    ).map((r) => r.name);
    hours = (
      await views.analytics.query<{ h: string }>(
        "SELECT DISTINCT formatDateTime(hour, '%Y-%m-%dT%H:00:00Z') AS h FROM article_versions_hourly ORDER BY h",
      )
    ).map((r) => r.h);
    projected = await served(views.analytics, names, hours);
  });

  it('stores each document once: the views hold keys, no document column', async () => {
    const columns = await views.analytics.query<{ table: string; name: string }>(
      "SELECT table, name FROM system.columns WHERE database = currentDatabase() AND name = 'doc'",
    );
    expect(columns.map((c) => c.table)).toEqual(['article_documents']);
    const [counts] = await views.analytics.query<{ docs: number | string; keys: number | string }>(
      'SELECT count() AS docs, uniqExact(wiki, page_id, version) AS keys FROM article_documents',
    );
    expect(Number(counts.docs)).toBe(Number(counts.keys));
    // Every live row and every hourly row finds its document.
    const { current, hourly } = await viewContents(views.analytics);
    const live = (current as { deleted: number; doc: string }[]).filter((r) => r.deleted === 0);
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(live.every((r) => r.doc.startsWith('{'))).toBe(true);
    expect((hourly as { doc: string }[]).every((r) => r.doc.startsWith('{'))).toBe(true);
    expect(Object.values(projected.lookups).flat().length).toBeGreaterThanOrEqual(2);
    expect(Object.values(projected.batches).flat().length).toBe(hourly.length);
  });

  it('migrates a database of the older schema: documents kept, readers see identical Articles, one log line', async () => {
    // The same engine, emptied and set back to the older schema (chDB holds one directory per process).
    const old = { analytics: views.analytics };
    {
      const { current, hourly } = await viewContents(views.analytics);
      await dropViews(views.analytics);
      await views.analytics.exec('DROP TABLE article_documents'); // a rebuild keeps it; the older schema had none
      const lines: string[] = [];
      const before = loadMigrations().filter((m) => m.name < '006');
      await migrate(old.analytics, before, (l) => lines.push(l));
      expect(lines).toEqual([]); // a new database is created, not upgraded: nothing to say
      // The older schema's rows: each view row carrying its own copy of the document.
      await old.analytics.insertJsonEachRow('articles_current', current as object[]);
      await old.analytics.insertJsonEachRow('article_versions_hourly', hourly as object[]);
      const readBefore = await servedBeforeTheChange(old.analytics, names, hours);
      expect(readBefore).toEqual({
        lookups: projected.lookups,
        snapshots: projected.snapshots,
        batches: projected.batches,
      });

      expect(await migrate(old.analytics, loadMigrations(), (l) => lines.push(l))).toEqual([
        '006_article_documents.sql',
        '007_article_documents_sha1.sql',
        '008_article_documents_format.sql',
      ]);
      expect(lines).toEqual([
        expect.stringMatching(/^okapi: ClickHouse schema upgraded to 006_article_documents\.sql, data kept: /),
        expect.stringMatching(/^okapi: ClickHouse schema upgraded to 007_article_documents_sha1\.sql, data kept: /),
        expect.stringMatching(/^okapi: ClickHouse schema upgraded to 008_article_documents_format\.sql, data kept: /),
      ]);
      expect(await served(old.analytics, names, hours)).toEqual(projected);

      // Run again from the top (a crash before its record): every guarded statement is skipped.
      const again = loadMigrations().map((m) => (m.name.startsWith('006') ? { ...m, name: '006_again.sql' } : m));
      expect(await migrate(old.analytics, again, () => undefined)).toEqual(['006_again.sql']);
      expect(await served(old.analytics, names, hours)).toEqual(projected);
      // Up to date: nothing applied, nothing said.
      expect(await migrate(old.analytics, loadMigrations(), () => lines.push('unexpected'))).toEqual([]);
      expect(lines).toHaveLength(3);
    }
  });

  type Stored = {
    wiki: string;
    page_id: number;
    version: number;
    doc: string;
    doc_sha1: string;
    doc_format: string;
    event_type: string;
  };
  const stored = () =>
    views.analytics.query<Stored>(
      'SELECT wiki, page_id, version, doc, doc_sha1, doc_format, event_type FROM article_documents ORDER BY wiki, page_id, version', // no FINAL: one row per key
    );
  /** Replaces the stored documents by these rows. */
  const storeAgain = async (rows: Stored[]) => {
    await views.analytics.exec('TRUNCATE TABLE article_documents');
    await views.analytics.insertJsonEachRow('article_documents', rows);
  };
  const rebuild = async (options: { regenerateDocuments?: boolean } = {}, derivations?: DerivationResolver) => {
    const runner = new ProjectionRunner(views.store, views.analytics, {
      now: NOW,
      ...(derivations ? { derivations } : {}),
    });
    await runner.rebuild(options);
    return runner.runUntilCaughtUp();
  };
  /** How many times `run` asked the engine what it stores under documents' keys. */
  const keyLookups = async <T>(run: () => Promise<T>): Promise<{ lookups: number; result: T }> => {
    const query = jest.spyOn(views.analytics, 'query');
    try {
      const result = await run();
      const lookups = query.mock.calls.filter(([sql]) => /FROM article_documents\s+WHERE wiki IN/.test(sql)).length;
      return { lookups, result };
    } finally {
      query.mockRestore();
    }
  };
  /** The document rows `run` writes. */
  const documentsWritten = async (run: () => Promise<unknown>): Promise<unknown[]> => {
    const written: unknown[] = [];
    const insert = views.analytics.insertJsonEachRow.bind(views.analytics);
    const spy = jest.spyOn(views.analytics, 'insertJsonEachRow').mockImplementation((table, rows, options) => {
      if (table === 'article_documents' && typeof rows !== 'string') written.push(...rows);
      return insert(table, rows, options);
    });
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return written;
  };
  /** How many derivations a rebuild asks for: one per document it builds from text. */
  const derivationsAsked = async (run: (derivations: DerivationResolver) => Promise<unknown>): Promise<number> => {
    const inner = new ArticleDerivations();
    let asked = 0;
    await run({
      resolve: (inputs) => {
        asked += inputs.length;
        return inner.resolve(inputs);
      },
    });
    return asked;
  };

  it('a rebuild writes no document whose bytes are stored, and replaces one whose bytes changed', async () => {
    await rebuild(); // the documents the migration copied have no SHA-1 nor format yet: written again
    await mutationsDone(views.analytics);
    const before = await stored();
    expect(before.every((d) => d.doc_sha1 === createHash('sha1').update(d.doc).digest('hex'))).toBe(true);
    expect(before.every((d) => d.doc_format === DOCUMENT_FORMAT && d.event_type !== '')).toBe(true);
    // One document as an older assembler wrote it: other bytes under the same key, another format.
    const stale = '{"name":"stale"}';
    await storeAgain(
      before.map((d, i) =>
        i === 0 ? { ...d, doc: stale, doc_sha1: createHash('sha1').update(stale).digest('hex'), doc_format: '' } : d,
      ),
    );
    const written = await documentsWritten(() => rebuild());
    expect(written).toEqual([expect.objectContaining({ page_id: before[0].page_id, version: before[0].version })]);
    await mutationsDone(views.analytics);
    expect(await stored()).toEqual(before);
  });

  it('a rebuild builds no document stored in the current format; one of another format is built and compared once', async () => {
    const before = await stored();
    const all = await derivationsAsked((d) => rebuild({ regenerateDocuments: true }, d));
    expect(all).toBeGreaterThanOrEqual(2); // the fixture's documents have text to derive from
    // Current format everywhere: no document built (no text, no derivation read), none written.
    let asked = -1;
    expect(await documentsWritten(async () => void (asked = await derivationsAsked((d) => rebuild({}, d))))).toEqual(
      [],
    );
    expect(asked).toBe(0);
    // Stored by an older assembler (same bytes): built, and written again once, in the current format.
    const older = before.findIndex((d) => d.doc.includes('"wikitext"'));
    expect(older).toBeGreaterThanOrEqual(0);
    await storeAgain(before.map((d, i) => (i === older ? { ...d, doc_format: 'article-0/okapi-derive-1' } : d)));
    let lookups = -1;
    let batches = 0;
    const rebuildCounting = async (d: DerivationResolver) => {
      const counted = await keyLookups(() => rebuild({}, d));
      lookups = counted.lookups;
      batches = counted.result.batches;
    };
    expect(await documentsWritten(async () => void (asked = await derivationsAsked(rebuildCounting)))).toEqual([
      expect.objectContaining({
        page_id: before[older].page_id,
        version: before[older].version,
        doc_format: DOCUMENT_FORMAT,
      }),
    ]);
    expect(asked).toBe(1);
    // The keys are asked about once per batch, while folding it: the write goes by that answer.
    expect(batches).toBeGreaterThan(0);
    expect(lookups).toBe(batches);
    expect(await documentsWritten(() => rebuild())).toEqual([]);
    // --rebuild --documents: every document built again and compared by its bytes; none written.
    expect(await documentsWritten(() => rebuild({ regenerateDocuments: true }))).toEqual([]);
    expect(await served(views.analytics, names, hours)).toEqual(projected);
  });

  it('a rebuild from zero serves the same Articles', async () => {
    const runner = new ProjectionRunner(views.store, views.analytics, { now: NOW, batchEvents: 3 });
    await runner.rebuild();
    await runner.runUntilCaughtUp();
    const rebuilt = await served(views.analytics, names, hours);
    const withoutPublished = (docs: string[]) =>
      docs.map((d) => d.replace(/"date_published":"[^"]*"/, '"date_published":"-"'));
    expect(Object.fromEntries(Object.entries(rebuilt.lookups).map(([k, v]) => [k, withoutPublished(v)]))).toEqual(
      Object.fromEntries(Object.entries(projected.lookups).map(([k, v]) => [k, withoutPublished(v)])),
    );
    expect(rebuilt.namespaces).toEqual(projected.namespaces);
  });
});
