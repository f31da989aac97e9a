import { join } from 'node:path';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { InProcessArticleBus } from '@okapi/adapters/bus';
import { SqliteDeadLetterStore } from '@okapi/adapters/dead-letters';
import { EventStore, pageStream, PageEvent, must } from '@okapi/domain';
import { aPageAppend, makeTempDir, openTestNatsBus, TempDir, waitFor } from '@okapi/testing';
import { ArticlePublisher } from './article-publisher';
import { WorkerSupervisor } from '@okapi/adapters/runtime';

jest.setTimeout(60_000);

const GOOD = 1000;

/** Plain prose paragraphs of at least `bytes` bytes (derives quickly, unlike one giant word). */
const paragraphs = (bytes: number) =>
  'The okapi is a giraffid artiodactyl mammal native to the Congo.\n\n'.repeat(Math.ceil(bytes / 64));

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
    const unknown = { type: 'PageProtected', data: { wiki: 'enwiki', pageId: 7 } } as unknown as PageEvent;
    await store.append([
      aPageAppend(1),
      { stream: pageStream('enwiki', 7), expectedRevision: 'any', events: [unknown] },
    ]);
    await store.append(Array.from({ length: GOOD }, (_, i) => aPageAppend(100 + i)));
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

  it('sets aside an event whose Article NATS would refuse (over max_payload) and publishes the ones after it', async () => {
    const dir2 = makeTempDir('okapi-publisher-big-');
    const store2 = openSqliteEventStore({ path: join(dir2.path, 'events.sqlite3') });
    const letters2 = new SqliteDeadLetterStore(join(dir2.path, 'dead-letters.sqlite3'));
    const bus = await openTestNatsBus();
    const max = must(await bus.maxMessageBytes(), 'max message bytes');
    // MediaWiki allows 2 MiB of wikitext; NATS's default max_payload is 1 MiB.
    await store2.append([
      aPageAppend(1, { text: paragraphs(max + 1) }),
      ...Array.from({ length: 50 }, (_, i) => aPageAppend(10 + i)),
    ]);
    const publisher = new WorkerSupervisor(
      [new ArticlePublisher(store2, bus, { whenEmpty: 'beginning', deadLetters: letters2 })],
      { backoff: { initialMs: 20, maxMs: 80 } },
    );
    await publisher.start();
    try {
      await waitFor(async () => (await bus.lastPosition())?.offset === 51, { timeoutMs: 30_000, intervalMs: 10 });
      const [letter] = await letters2.list('publisher');
      expect(letter).toMatchObject({ offset: 1, eventType: 'RevisionCreated' });
      expect(letter.error).toMatch(/exceeds the bus's largest message/);
      expect((await bus.bounds()).lastSeq - (await bus.bounds()).firstSeq + 1).toBe(50);
    } finally {
      await publisher.stop();
      await bus.destroy();
      await bus.close();
      await letters2.close();
      await store2.close();
      dir2.remove();
    }
  });
});
