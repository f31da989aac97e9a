import { join } from 'node:path';
import { makeTempDir, TempDir } from '@okapi/testing';
import { describeEachEngine, openedEngine } from '../clickhouse/testing/analytics-engines.fixture';
import { ClickHouseDeadLetterStore } from './clickhouse-dead-letter.store';
import { DeadLetterStore } from '@okapi/projections';
import { SqliteDeadLetterStore } from './sqlite-dead-letter.store';
import { promised } from '../errors/promised';

const letter = (consumer: string, offset: number, error = 'boom') => ({
  consumer,
  offset,
  stream: `page-enwiki-${offset}`,
  eventType: 'RevisionCreated',
  error,
  at: '2026-12-04T18:00:00Z',
});

/** One contract for every dead-letter store: what the consumers and `okapi dead-letters` rely on. */
function contract(open: () => Promise<DeadLetterStore>, reopen: () => Promise<DeadLetterStore>): void {
  it('records, updates (one more attempt), lists oldest first, counts per consumer, removes; durable across reopen', async () => {
    const store = await open();
    expect(await store.list()).toEqual([]);
    expect(await store.record(letter('views', 7))).toBe(true);
    expect(await store.record(letter('publisher', 3))).toBe(true);
    expect(await store.record(letter('views', 2))).toBe(true);
    expect(await store.record(letter('views', 7, 'still broken'))).toBe(false);
    expect((await store.list()).map((l) => [l.consumer, l.offset, l.attempts])).toEqual([
      ['views', 2, 1],
      ['publisher', 3, 1],
      ['views', 7, 2],
    ]);
    expect((await store.list('views')).map((l) => l.offset)).toEqual([2, 7]);
    expect((await store.list('views'))[1]).toEqual({ ...letter('views', 7, 'still broken'), attempts: 2 });
    expect(await store.counts()).toEqual({ views: 2, publisher: 1 });
    await store.remove('views', 2);
    await store.close();
    const again = await reopen();
    expect((await again.list()).map((l) => [l.consumer, l.offset])).toEqual([
      ['publisher', 3],
      ['views', 7],
    ]);
    // Removed then failing again: a new letter.
    expect(await again.record(letter('views', 2))).toBe(true);
    expect(await again.counts()).toEqual({ views: 2, publisher: 1 });
    await again.close();
  });
}

describe('SqliteDeadLetterStore (embedded, beside events.sqlite3)', () => {
  let dir: TempDir;
  beforeAll(() => (dir = makeTempDir('okapi-dead-store-')));
  afterAll(() => dir.remove());
  const open = () => promised(() => new SqliteDeadLetterStore(join(dir.path, 'dead-letters.sqlite3')));
  contract(open, open);
});

describeEachEngine('ClickHouseDeadLetterStore (cluster)', (harness) => {
  const engine = openedEngine(harness);
  const open = () => promised(() => new ClickHouseDeadLetterStore(engine.analytics));
  contract(open, open);
});
