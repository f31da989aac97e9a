// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { PageCommandHandler, pageStream, RevisionCreatedData } from '@okapi/domain';
import { readRealJson } from '@okapi/testing';
import { pairWithSuppressions011 } from '../sources/dump/dump-variants.fixture';
import { mapRevisionVisibilityChange } from '../sources/page-change/page-change.mapper';
import { BulkFileStore } from '../storage/bulk-file-store';
import { BulkExporter } from '../bulk/bulk-exporter';
import { buildBatchHour, buildSnapshots } from '../bulk/bulk-jobs';
import { GzipPool } from '../bulk/gzip-pool';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { importInto, storeOnEngine } from './testing/views-store.fixture';

jest.setTimeout(90_000);

const RECEIVED_AT = '2026-11-26T10:00:00.000Z';
const NOW = () => '2026-11-26T12:00:00Z';
const ARTICLE = 19252820; // "Çullu, Agdam" (ns 0): hidden editor on r1, hidden comment on r2
const TALK = 19252824; // "Talk:Çullu, Agdam" (ns 1): r1 bytes="-1" + <sha1/>, r2 no bytes, no sha1
const OLD_SHAPE = 19252999; // an event stored before sizes were optional: size -1

/**
 * A real history excerpt (pywikibot's pair-0.10.xml as export 0.11) carrying every kind of
 * MediaWiki revision deletion goes through import -> events -> every view -> snapshot -> batch on
 * both engines, with exact counts; plus one event stored in the old shape (size -1), which the
 * store upcasts as it reads it, so ClickHouse never sees a negative size.
 */
describeEachEngine('deleted and suppressed revisions, end to end', (harness) => {
  let pool: GzipPool;
  const views = storeOnEngine(harness, { prefix: 'okapi-suppressed-', beforeClose: () => pool.close() });
  beforeAll(() => (pool = new GzipPool(1)));

  it('imports each deletion as an explicit unknown: no size -1, no invented 0, no empty text', async () => {
    const file = join(views.dir, 'suppressed-0.11.xml');
    writeFileSync(file, pairWithSuppressions011());
    const stats = await importInto(views.store, views.analytics, file);
    expect(stats).toMatchObject({ pages: 2, revisions: 4, appended: 4, duplicates: 0 });

    const events = await views.store.readAll({ from: 0 as never, limit: 100 });
    expect(events.map((e) => e.type)).toEqual([
      'RevisionCreated',
      'RevisionCreated',
      'RevisionCreated',
      'RevisionCreated',
    ]);
    const byId = new Map(
      events.map((e) => [(e.data as RevisionCreatedData).revisionId, e.data as RevisionCreatedData]),
    );
    const pick = (d: RevisionCreatedData | undefined) => ({
      size: d?.size,
      sha1: d?.sha1,
      hasText: d !== undefined && 'text' in d,
      comment: d?.comment,
      editor: d?.editor.name,
      visibility: d?.visibility,
    });
    const vis = (text: boolean, editor: boolean, comment: boolean) => ({ text, editor, comment });
    expect(pick(byId.get(237382899))).toMatchObject({
      size: 30,
      hasText: true,
      editor: undefined,
      visibility: vis(true, false, true),
    });
    expect(pick(byId.get(237383099))).toMatchObject({
      size: 305,
      hasText: true,
      comment: undefined,
      visibility: vis(true, true, false),
    });
    expect(pick(byId.get(237382916))).toEqual({
      size: undefined,
      sha1: undefined,
      hasText: false,
      comment: 'moved [[Talk:Çullu, Agdam]] to [[Talk:Çullu, Quzanlı]]:&#32;dab',
      editor: 'Carlossuarez46',
      visibility: vis(false, true, true),
    });
    expect(pick(byId.get(237383127))).toMatchObject({
      size: undefined,
      sha1: undefined,
      hasText: false,
      visibility: vis(false, true, true),
    });
    // The second talk revision is no identity revert of anything: nothing is known of either text.
    expect(byId.get(237383127)).not.toHaveProperty('previousSize');
  });

  it('reads an event stored in the old shape (size -1) as unknown', async () => {
    const [talk] = (await views.store.readStream(pageStream('enwiki', TALK))).map((e) => e.data as RevisionCreatedData);
    const old = { ...talk, pageId: OLD_SHAPE, revisionId: 999_000_001, title: 'Talk:Old shape', size: -1 };
    await views.store.append([
      {
        stream: pageStream('enwiki', OLD_SHAPE),
        expectedRevision: 'no_stream',
        events: [{ type: 'RevisionCreated', data: old }],
      },
    ]);
    const [read] = await views.store.readStream(pageStream('enwiki', OLD_SHAPE));
    expect(read.data).not.toHaveProperty('size');
  });

  it("applies a real EventStreams revision deletion (text hidden) to the article's current revision", async () => {
    // The real mediawiki.revision-visibility-change payload, aimed at "Çullu, Agdam"'s head.
    const [message] = readRealJson('eventstreams', 'revision-visibility-change.json') as {
      data: Record<string, any>;
    }[];
    const data = { ...message.data, database: 'enwiki', page_id: ARTICLE, rev_id: 237383099 };
    const command = mapRevisionVisibilityChange(data as never, RECEIVED_AT);
    const handler = new PageCommandHandler(views.store, { suspectThreshold: 0.5 });
    await handler.handle([command]);
    const events = await views.store.readStream(pageStream('enwiki', ARTICLE));
    expect(events.map((e) => e.type)).toEqual(['RevisionCreated', 'RevisionCreated', 'RevisionVisibilityChanged']);
    expect(events[2].data).toMatchObject({ revisionId: 237383099, visibility: { text: false, editor: true } });
  });

  it('projects every view without error: sizes NULL where unknown, visibility in the documents', async () => {
    const runner = new ProjectionRunner(views.store, views.analytics, { batchEvents: 2, now: NOW });
    expect(await runner.runUntilCaughtUp()).toMatchObject({ events: 6 });
    const rows = await views.analytics.query<{
      revision_id: number | string;
      size: number | null;
      delta: number | null;
      t: number;
    }>(`SELECT revision_id, size, delta, text_visible AS t FROM revisions FINAL ORDER BY revision_id`);
    expect(rows.map((r) => [Number(r.revision_id), nullable(r.size), nullable(r.delta), r.t])).toEqual([
      [237382899, 30, 30, 1],
      [237382916, null, null, 0],
      [237383099, 305, 275, 0],
      [237383127, null, null, 0],
      [999000001, null, null, 0],
    ]);
    const [counts] = await views.analytics.query<{
      n: number | string;
      unknown: number | string;
      total: number | string;
    }>(`SELECT count() AS n, countIf(size IS NULL) AS unknown, sum(size) AS total FROM revisions FINAL`);
    expect([Number(counts.n), Number(counts.unknown), Number(counts.total)]).toEqual([5, 3, 335]);

    const docs = await views.analytics.query<{ page_id: number | string; doc: string }>(
      `SELECT page_id, doc FROM article_documents WHERE (wiki, page_id, version) IN
       (SELECT wiki, page_id, version FROM (SELECT * FROM articles_current FINAL) WHERE deleted = 0)
       ORDER BY page_id LIMIT 1 BY page_id`,
    );
    expect(docs.map((d) => Number(d.page_id))).toEqual([ARTICLE, TALK, OLD_SHAPE]);
    const [article, talk] = docs.map((d) => JSON.parse(d.doc));
    // Comment hidden by the dump, text by the later revision deletion: neither is shown.
    expect(article.event.type).toBe('visibility-change');
    expect(article.visibility).toMatchObject({ text: false, editor: true });
    expect(article.version).not.toHaveProperty('comment');
    expect(article).not.toHaveProperty('article_body');
    expect(article.version.size).toEqual({ value: 305, unit_text: 'B' }); // MediaWiki keeps rev_len public
    expect(talk.visibility).toEqual({ text: false, editor: true, comment: true });
    expect(talk).not.toHaveProperty('article_body');
    expect(talk.version).not.toHaveProperty('size');
    expect(talk.version).not.toHaveProperty('number_of_characters');
    expect(talk.version.editor).toMatchObject({ name: 'Carlossuarez46' });
  });

  it('snapshots and the hourly batch carry them, line for line', async () => {
    const files = new BulkFileStore(join(views.dir, 'bulk'));
    await files.init();
    const exporter = new BulkExporter({ store: files, pool, entryBytes: 10_000_000, chunks: false });
    const snapshots = await buildSnapshots(views.analytics.readModel, exporter, { wiki: 'enwiki' });
    expect(snapshots.map((r) => [r.meta.identifier, r.lines])).toEqual([
      ['enwiki_namespace_0', 1],
      ['enwiki_namespace_0', 1], // its structured-contents twin
      ['enwiki_namespace_1', 2],
    ]);
    const talkLines = untarLines(join(views.dir, 'bulk', 'snapshots', 'enwiki_namespace_1.tar.gz'));
    expect(talkLines.map((a) => [a.identifier, a.visibility, a.version.size])).toEqual([
      [TALK, { text: false, editor: true, comment: true }, undefined],
      [OLD_SHAPE, { text: false, editor: true, comment: true }, undefined],
    ]);

    const batches = await buildBatchHour(views.analytics.readModel, exporter, '2008-09-09T22');
    expect(batches.map((r) => [r.meta.identifier, r.lines])).toEqual([
      ['enwiki_namespace_0', 1],
      ['enwiki_namespace_1', 2],
    ]);
  });

  function untarLines(file: string): any[] {
    const into = join(views.dir, `x-${Date.now()}`);
    execFileSync('mkdir', ['-p', into]);
    execFileSync('tar', ['-xzf', file, '-C', into]);
    return readdirSync(into)
      .flatMap((e) => readFileSync(join(into, e), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l));
  }
});

function nullable(v: number | string | null): number | null {
  return v === null ? null : Number(v);
}
