import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, pageStream, RecordedEvent, toOffset } from '@okapi/domain';
import { aRevisionCreated, makeTempDir, TempDir } from '@okapi/testing';
import { openSqliteEventStore } from './sqlite-event-store';
import { openDatabase } from './sqlite-schema';
import { BACKSTOP_PAGES, WalCheckpointer } from './wal-checkpointer';
import type { CheckpointReply } from './wal-checkpoint-protocol';

const MB = 1024 * 1024;
/** ~1 MiB of event data per append: 16 revisions of 64 KiB text each. */
const TEXT = 'okapi '.repeat((64 * 1024) / 6);
const walBytes = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Appends come apart by what an import spends making the next batch (a tenth of it, here). */
const importerGap = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function appendMiBs(store: EventStore, mib: number, onEach: () => void = () => {}): Promise<void> {
  for (let i = 0; i < mib; i++) {
    const events = Array.from({ length: 16 }, (_, j) => aRevisionCreated({ revisionId: i * 16 + j + 1, text: TEXT }));
    await store.append([{ stream: pageStream('enwiki', i + 1), expectedRevision: 'no_stream', events }]);
    onEach();
    await importerGap();
  }
}

async function readAllOf(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ from: toOffset(out.length + 1), limit: 100 });
    if (!page.length) return out;
    out.push(...page);
  }
}

describe('WAL checkpoints on a thread of their own', () => {
  let tmp: TempDir;
  let path: string;
  beforeEach(() => {
    tmp = makeTempDir('okapi-wal-');
    path = join(tmp.path, 'events.sqlite3');
  });
  afterEach(() => tmp.remove());

  it('keep the WAL bounded under sustained appends; close leaves what a store without one leaves', async () => {
    const store = openSqliteEventStore({ path, checkpointAfterBytes: 2 * MB });
    let maxWal = 0;
    await appendMiBs(store, 24, () => (maxWal = Math.max(maxWal, walBytes(path))));
    // The writer alone would checkpoint only past BACKSTOP_PAGES (256 MiB): all 24 MiB and more.
    expect(maxWal).toBeGreaterThan(2 * MB);
    expect(maxWal).toBeLessThan(12 * MB);
    const before = await readAllOf(store);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);

    const plain = join(tmp.path, 'plain.sqlite3');
    const without = openSqliteEventStore({ path: plain, checkpointAfterBytes: 0 });
    await appendMiBs(without, 24);
    await without.close();
    const [again, expected] = [openSqliteEventStore({ path }), openSqliteEventStore({ path: plain })];
    const strip = (es: RecordedEvent[]) => es.map(({ recordedAt: _, ...e }) => e);
    expect(before).toHaveLength(24 * 16);
    expect(strip(await readAllOf(again))).toEqual(strip(before));
    expect(strip(await readAllOf(again))).toEqual(strip(await readAllOf(expected)));
    await Promise.all([again.close(), expected.close()]);
  }, 30_000);

  it('copies the WAL frames into the database file, without the writer waiting', async () => {
    const db = openDatabase({ path });
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const replies: CheckpointReply[] = [];
    const checkpointer = new WalCheckpointer({ path, afterBytes: 1, onCheckpoint: (r) => replies.push(r) });
    const insert = db.prepare(
      "INSERT INTO events (stream, stream_revision, type, data, recorded_at) VALUES ('s', ?, 't', ?, 0)",
    );
    for (let i = 0; i < 8; i++) insert.run(i, TEXT);
    checkpointer.appended(8 * TEXT.length);
    while (!replies.length) await nextTurn();
    expect(replies[0].walFrames).toBeGreaterThan(0);
    expect(replies[0].checkpointed).toBe(replies[0].walFrames);
    await checkpointer.close();
    db.close();
  });

  it('once failed, logs it once and asks nothing more of its thread: appended() and close() return', async () => {
    const notADatabase = join(tmp.path, 'not-a-database');
    writeFileSync(notADatabase, 'okapi '.repeat(1000));
    const lines: string[] = [];
    const checkpointer = new WalCheckpointer({ path: notADatabase, afterBytes: 1, log: (l) => lines.push(l) });
    checkpointer.appended(10);
    while (!lines.length) await nextTurn();
    for (let i = 0; i < 5; i++) checkpointer.appended(10);
    await nextTurn();
    await checkpointer.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /wal checkpointer .* stopped \(file is not a database\): the writer checkpoints every 4000 pages itself/,
    );
  });
});
