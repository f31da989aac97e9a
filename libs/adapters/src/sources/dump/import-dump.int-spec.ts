// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EventStore, RecordedEvent, RevisionCreated, toOffset } from '@okapi/domain';
import { makeTempDir, TempDir } from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openSqliteEventStore } from '../../eventstore/sqlite/sqlite-event-store';
import { Runtime } from '../../runtime/runtime';
import { pairWithDeletions, readFixture, truncateAfter } from './dump-variants.fixture';
import { importDump } from './import-dump';

const RECEIVED_AT = '2026-11-26T10:00:00.000Z';
const PAIR_REVISIONS = [237382899, 237383099, 237382916, 237383127];

describe('importDump into a real SQLite event store', () => {
  let tmp: TempDir;
  let store: EventStore;
  let runtime: Pick<Runtime, 'config' | 'eventStore'>;
  beforeEach(() => {
    tmp = makeTempDir('okapi-import-');
    store = openSqliteEventStore({ path: join(tmp.path, 'events.sqlite3') });
    runtime = { config: loadConfig({}), eventStore: store };
  });
  afterEach(async () => {
    await store.close();
    tmp.remove();
  });

  const file = (name: string, data: string | Buffer): string => {
    const path = join(tmp.path, name);
    writeFileSync(path, data);
    return path;
  };
  const created = async (): Promise<RecordedEvent<RevisionCreated>[]> =>
    (await store.readAll({ from: toOffset(0), limit: 10_000 })).filter(
      (e): e is RecordedEvent<RevisionCreated> => e.type === 'RevisionCreated',
    );

  it('records every revision once, in file order, and a second import appends nothing', async () => {
    const dump = file('pair.xml', readFixture('pair-0.10.xml'));
    const first = await importDump(dump, runtime, { receivedAt: RECEIVED_AT, batchPages: 1 });
    expect(first).toMatchObject({
      wiki: 'enwiki',
      pages: 2,
      revisions: 4,
      duplicates: 0,
      compression: 'none',
      schemaVersion: '0.10',
    });
    const events = await created();
    expect(events.map((e) => e.data.revisionId)).toEqual(PAIR_REVISIONS);
    expect(first.appended).toBe((await store.readAll({ from: toOffset(0) })).length);
    expect(events[1].data).toMatchObject({
      pageId: 19252820,
      title: 'Çullu, Agdam',
      parentId: 237382899,
      source: 'dump',
      receivedAt: RECEIVED_AT,
    });
    expect(events.map((e) => String(e.stream))).toEqual([
      'page-enwiki-19252820',
      'page-enwiki-19252820',
      'page-enwiki-19252824',
      'page-enwiki-19252824',
    ]);

    const again = await importDump(dump, runtime, { receivedAt: RECEIVED_AT });
    expect(again).toMatchObject({ pages: 2, revisions: 4, appended: 0, duplicates: 4 });
    expect(await created()).toHaveLength(4);
  });

  it('keeps the pages completed before a truncation, and the fixed file adds only the rest', async () => {
    const xml = readFixture('pair-0.10.xml');
    const broken = file('broken.xml', truncateAfter(xml, '<title>Talk:'));
    await expect(importDump(broken, runtime, { receivedAt: RECEIVED_AT })).rejects.toMatchObject({
      code: 'dump.malformed',
      message: expect.stringMatching(
        new RegExp(`^${broken.replace(/[.]/g, '\\.')}:\\d+:\\d+: malformed XML`),
      ) as unknown,
    });
    expect((await created()).map((e) => e.data.revisionId)).toEqual(PAIR_REVISIONS.slice(0, 2));

    const fixed = await importDump(file('fixed.xml', xml), runtime, { receivedAt: RECEIVED_AT });
    expect(fixed).toMatchObject({ revisions: 4, duplicates: 2 });
    expect((await created()).map((e) => e.data.revisionId)).toEqual(PAIR_REVISIONS);
  });

  it('stores suppressed fields as absent with visibility false', async () => {
    await importDump(file('deleted.xml', pairWithDeletions()), runtime, { receivedAt: RECEIVED_AT });
    const byId = new Map((await created()).map((e) => [e.data.revisionId, e.data]));
    expect(byId.get(237382899)?.editor).toEqual({ isAnonymous: false, isBot: false });
    expect(byId.get(237382899)?.visibility.editor).toBe(false);
    expect(byId.get(237383099)?.comment).toBeUndefined();
    expect(byId.get(237382916)?.text).toBeUndefined();
    expect(byId.get(237382916)?.visibility).toEqual({ text: false, editor: true, comment: true });
    expect(byId.get(237383127)?.editor).toMatchObject({ name: '192.0.2.7', isAnonymous: true });
  });

  it('imports gzip and bzip2 to the same events as plain XML', async () => {
    const xml = readFixture('pair-0.10.xml');
    const gz = await importDump(file('pair.gz', gzipSync(xml)), runtime, { receivedAt: RECEIVED_AT });
    expect(gz).toMatchObject({ compression: 'gzip', revisions: 4, duplicates: 0 });
    const bz = spawnSync('bzip2', ['-c'], { input: xml });
    if (bz.error) return; // no bzip2 to make the input here; CI installs it (.ci/run)
    const bzStats = await importDump(file('pair.bz2', bz.stdout), runtime, { receivedAt: RECEIVED_AT, bzip2: 'js' });
    expect(bzStats).toMatchObject({ compression: 'bzip2', revisions: 4, appended: 0, duplicates: 4 });
  });

  it('refuses an unknown schema version without appending anything', async () => {
    const v12 = readFixture('pair-0.10.xml').replace(/0\.10/g, '0.12');
    await expect(importDump(file('v12.xml', v12), runtime, { receivedAt: RECEIVED_AT })).rejects.toThrow(
      /unsupported export schema version 0\.12 in .*v12\.xml/,
    );
    expect(await store.head()).toBe(0);
  });
});
