// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import {
  Article,
  PageCommandHandler,
  PageStateTracker,
  RecordRevision,
  toArticles,
  toOffset,
  must,
} from '@okapi/domain';
import { aRecordRevision, LocalMediaWikiServer, makeTempDir } from '@okapi/testing';
import { openSqliteEventStore } from '../../eventstore/sqlite/sqlite-event-store';
import { MediaWikiClient } from './mediawiki-api.client';
import { pageInfoAnswer, realEnwikiSquirrel, usersAnswer } from './page-info-replay.fixture';
import { PageInfoFetcher } from './page-info-fetcher';
import { PAGE_INFO_PARAMS } from './page-info.parser';
import { enrichWithPageInfo } from './page-info-enricher';

const DOMAIN = 'en.wikipedia.org';

describe('page properties and editors from the Action API (recorded answers)', () => {
  let server: LocalMediaWikiServer;
  let client: MediaWikiClient;

  beforeEach(async () => {
    server = new LocalMediaWikiServer({ lookup: () => undefined, pageInfo: pageInfoAnswer, users: usersAnswer });
    client = new MediaWikiClient({ apiUrlTemplate: await server.start(), userAgent: 'okapi-test', concurrency: 2 });
  });
  afterEach(() => server.stop());

  it('batches 50 pages per request, follows continue, and caches the answers', async () => {
    const real = realEnwikiSquirrel();
    const fetcher = new PageInfoFetcher(client);
    const ids = [real.identifier, ...Array.from({ length: 60 }, (_, i) => 900_000 + i)];
    const got = await fetcher.pageInfo(DOMAIN, 'enwiki', ids);
    const pageQueries = server.infoRequests.filter((r) => r.kind === 'pageinfo');
    // 61 pages: two batches (50 + 11); the batch with Squirrel continues once for its redirects.
    expect(pageQueries.map((r) => must(r.params.get('pageids'), 'pageids').split('|').length).sort()).toEqual([
      11, 50, 50,
    ]);
    expect(pageQueries.every((r) => r.params.get('prop') === PAGE_INFO_PARAMS.prop)).toBe(true);
    expect([...got.keys()]).toEqual([real.identifier]);
    expect(got.get(real.identifier)?.redirects).toEqual(real.redirects);
    const before = server.infoRequests.length;
    await fetcher.pageInfo(DOMAIN, 'enwiki', ids);
    expect(server.infoRequests.length).toBe(before); // every page answered (or known missing): cached

    const users = await fetcher.usersById(DOMAIN, [real.version.editor.identifier, 5]);
    expect(users.get(real.version.editor.identifier)).toEqual({
      userId: real.version.editor.identifier,
      groups: real.version.editor.groups,
      editCount: real.version.editor.edit_count,
      registeredAt: real.version.editor.date_started,
    });
    expect(server.infoRequests.filter((r) => r.kind === 'users')).toHaveLength(1);
  });

  it('gives the live-ingested revision every page and editor field WME has for it', async () => {
    const real = realEnwikiSquirrel();
    // What EventStreams page_change says of the revision: the editor's id and name only.
    const fromEvent: RecordRevision = aRecordRevision({
      wiki: 'enwiki',
      pageId: real.identifier,
      title: real.name,
      revisionId: real.version.identifier,
      parentId: real.previous_version.identifier,
      timestamp: real.date_modified,
      editor: { id: real.version.editor.identifier, name: real.version.editor.name, isAnonymous: false, isBot: false },
      text: real.article_body.wikitext,
      size: real.version.size.value,
    });
    const [[enriched]] = await enrichWithPageInfo(new PageInfoFetcher(client), [
      { domain: DOMAIN, commands: [fromEvent] },
    ]);
    const dir = makeTempDir('okapi-page-info-');
    const store = openSqliteEventStore({ path: `${dir.path}/events.sqlite` });
    try {
      await new PageCommandHandler(store, { suspectThreshold: 0.5 }).handle([enriched]);
      const [event] = await store.readAll({ from: toOffset(0), limit: 10 });
      const { after } = await new PageStateTracker(store).apply(event);
      const [article] = toArticles(after, event);
      for (const field of ['protection', 'watchers_count', 'main_entity', 'additional_entities', 'redirects', 'image'])
        expect({ field, value: article[field as keyof Article] }).toEqual({ field, value: real[field] });
      expect(article.version.editor).toEqual(real.version.editor);
      expect(article.description).toBe('Family of rodents'); // prop=description (the record has none)
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
