// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { createHash } from 'node:crypto';
import { DOCUMENT_FORMAT_VERSION } from '@okapi/domain';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { seedStore, storeOnEngine } from './testing/views-store.fixture';

jest.setTimeout(120_000);

/**
 * The Article documents' bytes with the format they are stored under. `okapi project --rebuild`
 * builds no document stored in the current format (DOCUMENT_FORMAT_VERSION), trusting that the
 * same code gives the same bytes: a change of those bytes without a bump would leave every stored
 * document as the older code wrote it. This pins the documents of a fixed corpus (the real dumps
 * and the live-looking changes of seedStore: edit, revert, move, delete; one batch per event, so
 * each event's document) with the version. Both engines store the same bytes.
 */
const PINNED = {
  version: 1,
  documents: 7,
  sha1: '026342ce49df50bc582cd0ec5e9719d2adcf582c',
};

/** When the fixture's events are recorded: `date_published` of their documents. */
const RECORDED_AT = Date.parse('2026-11-26T10:00:05.000Z');

describeEachEngine('Article document format (DOCUMENT_FORMAT_VERSION)', (harness) => {
  const views = storeOnEngine(harness, {
    prefix: 'okapi-document-format-',
    open: async (path, analytics) => {
      const clock = jest.spyOn(Date, 'now').mockReturnValue(RECORDED_AT);
      try {
        return await seedStore(path, analytics);
      } finally {
        clock.mockRestore();
      }
    },
  });

  it('gives the pinned bytes for the pinned version: bump DOCUMENT_FORMAT_VERSION and re-pin when they change', async () => {
    const runner = new ProjectionRunner(views.store, views.analytics, {
      now: () => '2026-12-01T00:00:00Z',
      batchEvents: 1,
    });
    await runner.runUntilCaughtUp();
    const documents = await views.analytics.query<{
      wiki: string;
      page_id: number | string;
      version: number | string;
      doc: string;
    }>('SELECT wiki, page_id, version, doc FROM article_documents FINAL ORDER BY wiki, page_id, version');
    const hash = createHash('sha1');
    for (const d of documents) hash.update(`${d.wiki}\t${Number(d.page_id)}\t${Number(d.version)}\t${d.doc}\n`);
    const actual = { version: DOCUMENT_FORMAT_VERSION, documents: documents.length, sha1: hash.digest('hex') };
    if (actual.version === PINNED.version && (actual.sha1 !== PINNED.sha1 || actual.documents !== PINNED.documents))
      throw new Error(
        `The Article documents' bytes changed (${JSON.stringify(actual)}, pinned ${JSON.stringify(PINNED)}) but DOCUMENT_FORMAT_VERSION did not: a rebuild would keep every stored document as the older code wrote it. Bump DOCUMENT_FORMAT_VERSION (libs/domain/src/wme/article-assembler.ts) and re-pin PINNED here.`,
      );
    expect(actual).toEqual(PINNED); // a bumped version is pinned with its bytes
  });
});
