import { join } from 'node:path';
import { openSqliteEventStore } from '@okapi/adapters/eventstore/sqlite/sqlite-event-store';
import { InProcessArticleBus } from '@okapi/adapters/bus/in-process-article-bus';
import { SqliteDeadLetterStore } from '@okapi/adapters/dead-letters/sqlite-dead-letter.store';
import { EventStore, pageStream, PageEvent } from '@okapi/domain';
import { aRevisionCreated, makeTempDir, TempDir, waitFor } from '@okapi/test-support';
import { ArticlePublisher } from './article-publisher';

jest.setTimeout(60_000);

const GOOD = 1000;

/**
 * A poison event for the publisher (a stored event of a type this version cannot fold: the page
 * decider throws on it) is dead-lettered, and the 1,000 events after it are all published, in
 * offset order, with the real SQLite event store and the embedded bus.
 */
describe('publisher dead letters', () => {
  let dir: TempDir;
  let store: EventStore;
  let letters: SqliteDeadLetterStore;

  beforeAll(async () => {
    dir = makeTempDir('okapi-publisher-dead-');
    store = openSqliteEventStore({ path: join(dir.path, 'events.sqlite3') });
    letters = new SqliteDeadLetterStore(join(dir.path, 'dead-letters.sqlite3'));
    const revision = (pageId: number) => ({
      stream: pageStream('enwiki', pageId),
      expectedRevision: 'any' as const,
      events: [aRevisionCreated({ pageId, revisionId: pageId * 10, title: `Page ${pageId}` })],
    });
    const unknown = { type: 'PageProtected', data: { wiki: 'enwiki', pageId: 7 } } as unknown as PageEvent;
    await store.append([revision(1), { stream: pageStream('enwiki', 7), expectedRevision: 'any', events: [unknown] }]);
    await store.append(Array.from({ length: GOOD }, (_, i) => revision(100 + i)));
  });
  afterAll(async () => {
    await letters.close();
    await store.close();
    dir.remove();
  });

  it('sets the poison event aside and publishes the 1,000 after it', async () => {
    const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 1 << 30, maxAgeMs: 3_600_000 });
    const warnings: string[] = [];
    const publisher = new ArticlePublisher(store, bus, {
      whenEmpty: 'beginning',
      deadLetters: letters,
      retryMs: 20,
      logger: { warn: (m: string) => warnings.push(m), log: () => undefined },
    });
    await publisher.start();
    try {
      await waitFor(async () => (await bus.lastPosition())?.offset === GOOD + 2, { timeoutMs: 30_000, intervalMs: 10 });
    } finally {
      await publisher.stop();
    }
    const b = await bus.bounds();
    const offsets: number[] = [];
    for await (const m of bus.read(b.firstSeq, b.lastSeq, 'okapi.article.>')) offsets.push(m.offset);
    expect(offsets).toEqual([1, ...Array.from({ length: GOOD }, (_, i) => i + 3)]);
    expect((await letters.list()).map((l) => [l.consumer, l.offset, l.stream, l.eventType])).toEqual([
      ['publisher', 2, 'page-enwiki-7', 'PageProtected'],
    ]);
    expect((await letters.list())[0].error).toMatch(/unhandled page event/);
    expect(warnings).toEqual([expect.stringMatching(/^publisher: event 2 \(PageProtected, page-enwiki-7\) set aside/)]);
  });
});
