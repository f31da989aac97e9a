// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { join } from 'node:path';
import { PageCommandHandler, must } from '@okapi/domain';
import { aRecordRevision } from '@okapi/testing';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { importInto, PEAR, storeOnEngine, XML_DIR, xmlPages } from './testing/views-store.fixture';

jest.setTimeout(60_000);

const RECEIVED_AT = '2026-11-26T10:00:00.000Z';
const NOW = () => '2026-11-26T12:00:00Z';
const pear = { wiki: 'enwiki', pageId: PEAR, namespace: 0, title: 'Pear', receivedAt: RECEIVED_AT };

/**
 * WME behaviour on real dump data: the real "Pear" article, then an edit that makes it a redirect
 * (WME: a delete for the title), then an edit that makes it an article again.
 */
describeEachEngine('views when an article becomes a redirect and back', (harness) => {
  const views = storeOnEngine(harness, { prefix: 'okapi-redirect-' });
  let handler: PageCommandHandler;
  const project = () =>
    new ProjectionRunner(views.store, views.analytics, { batchEvents: 2, now: NOW }).runUntilCaughtUp();
  const live = () =>
    views.analytics.query<{ revision_id: number | string }>(
      `SELECT revision_id FROM articles_current FINAL WHERE page_id = ${PEAR} AND deleted = 0`,
    );
  const hourly = async (hour: string) => {
    const out: { pageId: number; type: string; revision: number }[] = [];
    for await (const v of views.analytics.readModel.streamHour(hour)) {
      const doc = JSON.parse(v.doc);
      out.push({ pageId: v.pageId, type: doc.event.type, revision: doc.version.identifier });
    }
    return out;
  };
  const latestXml = () =>
    must(
      xmlPages().find((p) => p.pageId === PEAR),
      'the Pear page',
    ).latest;

  beforeAll(async () => {
    await importInto(views.store, views.analytics, join(XML_DIR, 'article-pear-0.10.xml'), { batchPages: 1 });
    handler = new PageCommandHandler(views.store, { suspectThreshold: 0.5 });
    await project();
  });

  it('the imported article is live', async () => {
    expect((await live()).map((r) => Number(r.revision_id))).toEqual([latestXml()]);
  });

  it('a redirect edit retires the live row, files a delete in its hour, and is still a revision', async () => {
    const text = '#REDIRECT [[Pyrus]]';
    await handler.handle([
      aRecordRevision({
        ...pear,
        revisionId: 910000001,
        parentId: latestXml(),
        timestamp: '2024-06-01T08:10:00Z',
        text,
        size: text.length,
        sha1: 'redirect',
        isRedirect: true,
      }),
    ]);
    await project();
    expect(await live()).toEqual([]);
    expect(await views.analytics.readModel.findCurrentByName({ name: 'Pear', limit: 10 })).toEqual([]);
    expect(await hourly('2024-06-01T08:00:00Z')).toEqual([{ pageId: PEAR, type: 'delete', revision: 910000001 }]);
    const [row] = await views.analytics.query<{ is_latest: number }>(
      'SELECT is_latest FROM revisions FINAL WHERE revision_id = 910000001',
    );
    expect(row.is_latest).toBe(1);
  });

  it('an article edit brings it back, announced as a create', async () => {
    await handler.handle([
      aRecordRevision({
        ...pear,
        revisionId: 910000002,
        parentId: 910000001,
        timestamp: '2024-06-01T09:30:00Z',
        text: 'The pear is a fruit tree.',
        size: 25,
        sha1: 'back',
      }),
    ]);
    await project();
    expect((await live()).map((r) => Number(r.revision_id))).toEqual([910000002]);
    expect(await hourly('2024-06-01T09:00:00Z')).toEqual([{ pageId: PEAR, type: 'create', revision: 910000002 }]);
    const [doc] = await views.analytics.readModel.findCurrentByName({ name: 'Pear', limit: 10 });
    expect(JSON.parse(doc)).toMatchObject({
      name: 'Pear',
      url: 'https://en.wikipedia.org/wiki/Pear',
      version: { identifier: 910000002 },
    });
  });
});
