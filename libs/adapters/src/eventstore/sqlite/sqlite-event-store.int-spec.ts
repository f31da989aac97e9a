import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventStore, Offset, pageStream, RecordedEvent, textCodePoints, toOffset, must } from '@okapi/domain';
import { aRevisionCreated, makeTempDir, TempDir, waitFor } from '@okapi/testing';
import { eventStoreContract } from '../event-store.contract';
import { openSqliteEventStore } from './sqlite-event-store';
import { promised } from '../../errors/promised';

let dir: TempDir | undefined;
const file = (): string => join(must(dir, 'the temp dir').path, 'events.sqlite3');

eventStoreContract(
  'sqlite',
  () =>
    promised(() => {
      dir = makeTempDir('okapi-es-');
      return openSqliteEventStore({ path: file(), pollIntervalMs: 20 });
    }),
  () => promised(() => dir?.remove()),
  { dense: true, reopen: () => promised(() => openSqliteEventStore({ path: file() })) },
);

describe('sqlite event store, two handles on one file (as two processes)', () => {
  let tmp: TempDir;
  let writer: EventStore;
  let reader: EventStore;
  beforeEach(() => {
    tmp = makeTempDir('okapi-es2-');
    const path = join(tmp.path, 'nested', 'events.sqlite3');
    writer = openSqliteEventStore({ path });
    reader = openSqliteEventStore({ path, readOnly: true, pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await Promise.all([writer.close(), reader.close()]);
    tmp.remove();
  });

  it("a read-only handle's subscription picks up the other handle's appends by polling", async () => {
    const s = pageStream('enwiki', 7);
    const seen: Offset[] = [];
    const sub = reader.subscribe(toOffset(0));
    const consume = (async () => {
      for await (const e of sub) if (seen.push(e.offset) === 30) break;
    })();
    for (let i = 0; i < 10; i++) {
      await writer.append([
        {
          stream: s,
          expectedRevision: 'any',
          events: [1, 2, 3].map((n) => aRevisionCreated({ revisionId: i * 3 + n })),
        },
      ]);
    }
    await consume;
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('serialises two writer handles on one file: every event kept, offsets dense, revisions checked', async () => {
    const other = openSqliteEventStore({ path: join(tmp.path, 'nested', 'events.sqlite3') });
    const s = pageStream('enwiki', 3);
    const write = (store: EventStore, base: number) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.append([
            {
              stream: pageStream('enwiki', base + i),
              expectedRevision: 'no_stream',
              events: [aRevisionCreated({ revisionId: base + i })],
            },
            { stream: s, expectedRevision: 'any', events: [aRevisionCreated({ revisionId: base + 100 + i })] },
          ]),
        ),
      );
    await Promise.all([write(writer, 1000), write(other, 2000)]);
    await expect(
      other.append([
        { stream: pageStream('enwiki', 1000), expectedRevision: 'no_stream', events: [aRevisionCreated()] },
      ]),
    ).rejects.toThrow(/expected revision no_stream, actual 0/);
    const all = await reader.readAll({ from: toOffset(0) });
    expect(all.map((e) => e.offset)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect((await reader.readStream(s)).map((e) => e.streamRevision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await other.close();
  });

  it('follows appends made by two OTHER processes on the same file: dense, gapless, each stream in order', async () => {
    const path = join(tmp.path, 'nested', 'events.sqlite3');
    const child = join(__dirname, '..', '..', '..', '..', 'testing', 'src', 'sqlite-append.child.ts');
    const spawn = (pageId: number) =>
      promisify(execFile)('node', ['-r', '@swc-node/register', child, path, String(pageId), '30', '5'], {
        env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '..', '..', '..', '..', '..', 'tsconfig.json') },
      });
    const seen: RecordedEvent[] = [];
    const sub = reader.subscribe(toOffset(1));
    const consume = (async () => {
      for await (const e of sub) if (seen.push(e) === 300) break;
    })();
    await Promise.all([spawn(41), spawn(42)]);
    await consume;
    expect(seen.map((e) => e.offset)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (const stream of ['page-enwiki-41', 'page-enwiki-42']) {
      expect(seen.filter((e) => e.stream === stream).map((e) => e.streamRevision)).toEqual(
        Array.from({ length: 150 }, (_, i) => i),
      );
    }
  }, 60_000);

  it('refuses appends on a read-only handle and leaves the log unchanged', async () => {
    await expect(
      reader.append([{ stream: pageStream('enwiki', 1), expectedRevision: 'any', events: [aRevisionCreated()] }]),
    ).rejects.toThrow(/read-only/);
    expect(await writer.head()).toBe(0);
  });

  it('pages a large log by a byte budget without losing events', async () => {
    const path = join(tmp.path, 'budget.sqlite3');
    const small = openSqliteEventStore({ path, pageBytes: 10_000 });
    const text = 'x'.repeat(4_000);
    await small.append([
      {
        stream: pageStream('enwiki', 2),
        expectedRevision: 'any',
        events: [1, 2, 3, 4, 5].map((r) => aRevisionCreated({ revisionId: r, text })),
      },
    ]);
    const page = await small.readAll({ from: toOffset(1), limit: 100 });
    expect(page.length).toBeGreaterThan(0);
    expect(page.length).toBeLessThan(5);
    const rest: RecordedEvent[] = [];
    for (let from = page[page.length - 1].offset + 1; ; ) {
      const next = await small.readAll({ from: toOffset(from) });
      if (!next.length) break;
      rest.push(...next);
      from = next[next.length - 1].offset + 1;
    }
    expect([...page, ...rest].map((e) => e.offset)).toEqual([1, 2, 3, 4, 5]);
    await small.close();
  });

  it('reads texts on demand: the same events, each text counted without being read, read once accessed', async () => {
    const texts = ['Okapi 😀 text', 'a\u0000b\udc00 "quoted" \\', ''];
    await writer.append([
      {
        stream: pageStream('enwiki', 3),
        expectedRevision: 'any',
        events: [
          ...texts.map((text, i) => aRevisionCreated({ revisionId: i + 1, text })),
          aRevisionCreated({ revisionId: 9, text: undefined }),
        ],
      },
    ]);
    const eager = await writer.readAll({ from: toOffset(1) });
    const lazy = await writer.readAll({ from: toOffset(1), textOnDemand: true });
    const counts = lazy.map((e) => textCodePoints(e.data as { text?: string }));
    expect(counts).toEqual([...texts.map((t) => Array.from(t).length), undefined]);
    // Accessed one by one; what was not accessed is read on stringifying, in its place.
    expect(lazy.map((e) => (e.data as { text?: string }).text)).toEqual([...texts, undefined]);
    expect(lazy.map((e) => JSON.stringify(e))).toEqual(eager.map((e) => JSON.stringify(e)));
    const again = await writer.readAll({ from: toOffset(1), textOnDemand: true });
    expect(again.map((e) => JSON.stringify(e))).toEqual(eager.map((e) => JSON.stringify(e)));
    expect(again).toEqual(eager);
  });

  it('opens read-only on a missing file as an empty log', async () => {
    const ro = openSqliteEventStore({ path: join(tmp.path, 'absent', 'x.sqlite3'), readOnly: true });
    expect(await ro.head()).toBe(0);
    await waitFor(async () => (await ro.readAll({ from: toOffset(0) })).length === 0);
    await ro.close();
  });
});
