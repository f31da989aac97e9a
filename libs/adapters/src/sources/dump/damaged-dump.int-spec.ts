// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EventStore, RecordedEvent, RevisionCreated, toOffset } from '@okapi/domain';
import { makeTempDir, TempDir } from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openSqliteEventStore } from '../../eventstore/sqlite/sqlite-event-store';
import { readFixture } from './dump-variants.fixture';
import { importDump } from './import-dump';

/**
 * A damaged compressed dump commits nothing damaged: a member's pages are appended only after its
 * checksum matched, so a re-run on the repaired file (the decider skips revisions already
 * recorded) stores the right text. Real dumps, compressed and damaged in a temp dir at test time.
 */
const RECEIVED_AT = '2026-11-26T10:00:00.000Z';
const hasBzip2 = spawnSync('bzip2', ['--help']).error === undefined;

describe('importing a damaged compressed dump', () => {
  let tmp: TempDir;
  let store: EventStore;
  const xml = readFixture('pair-0.10.xml');
  // Two gzip members split after the first page; level 0 (stored blocks) so that a changed byte
  // still inflates and only the member's CRC-32 can tell.
  const split = xml.indexOf('</page>') + '</page>\n'.length;
  const memberA = gzipSync(xml.slice(0, split), { level: 0 });
  const memberB = gzipSync(xml.slice(split), { level: 0 });
  const good = Buffer.concat([memberA, memberB]);
  const damaged = Buffer.from(good);
  const at = damaged.indexOf('DisambigProject', memberA.length);
  damaged[at + 14] = 'X'.charCodeAt(0);

  beforeEach(() => {
    tmp = makeTempDir('okapi-damaged-');
    store = openSqliteEventStore({ path: join(tmp.path, 'events.sqlite3') });
  });
  afterEach(async () => {
    await store.close();
    tmp.remove();
  });

  const runtime = () => ({ config: loadConfig({}), eventStore: store });
  const file = (name: string, data: Buffer): string => {
    const path = join(tmp.path, name);
    writeFileSync(path, data);
    return path;
  };
  const texts = async (): Promise<Map<number, string | undefined>> =>
    new Map(
      (await store.readAll({ from: toOffset(0), limit: 1000 }))
        .filter((e): e is RecordedEvent<RevisionCreated> => e.type === 'RevisionCreated')
        .map((e) => [e.data.revisionId, e.data.text]),
    );

  it.each([false, true])(
    'commits the verified member, refuses the damaged one by name and offset, and the repaired file stores the right text (decide worker: %s)',
    async (decideWorker) => {
      expect(at).toBeGreaterThan(memberA.length);
      const path = file('pair.xml.gz', damaged);
      await expect(importDump(path, runtime(), { receivedAt: RECEIVED_AT, decideWorker })).rejects.toMatchObject({
        code: 'dump.decompression_failed',
        message: `${path}: corrupt gzip member 2 at byte offset ${memberA.length} (CRC-32 mismatch); nothing from it was imported`,
      });
      expect([...(await texts()).keys()]).toEqual([237382899, 237383099]);

      writeFileSync(path, good);
      const stats = await importDump(path, runtime(), { receivedAt: RECEIVED_AT, decideWorker });
      expect(stats).toMatchObject({ revisions: 4, appended: 2, duplicates: 2 });
      expect((await texts()).get(237383127)).toBe('{{DisambigProject}}');
    },
  );

  it('records nothing from a one-member gzip whose CRC fails', async () => {
    const one = gzipSync(xml, { level: 0 });
    one[one.indexOf('DisambigProject') + 3] ^= 0x20;
    const path = file('one.xml.gz', one);
    await expect(importDump(path, runtime(), { receivedAt: RECEIVED_AT })).rejects.toThrow(
      `${path}: corrupt gzip member 1 at byte offset 0 (CRC-32 mismatch)`,
    );
    expect(await store.head()).toBe(0);
  });

  it('reads zero padding after the last member as the end, and junk there as a bad member', async () => {
    const padded = file('padded.xml.gz', Buffer.concat([good, Buffer.alloc(512)]));
    expect(await importDump(padded, runtime(), { receivedAt: RECEIVED_AT })).toMatchObject({ appended: 4 });
    const junk = file('junk.xml.gz', Buffer.concat([good, Buffer.from('junk')]));
    await expect(importDump(junk, runtime(), { receivedAt: RECEIVED_AT })).rejects.toThrow(
      `corrupt gzip member 3 at byte offset ${good.length} (not a gzip member header)`,
    );
  });

  it('names a truncated member and keeps the members before it', async () => {
    const path = file('cut.xml.gz', good.subarray(0, memberA.length + 40));
    await expect(importDump(path, runtime(), { receivedAt: RECEIVED_AT })).rejects.toThrow(
      `corrupt gzip member 2 at byte offset ${memberA.length}`,
    );
    expect([...(await texts()).keys()]).toEqual([237382899, 237383099]);
  });

  (hasBzip2 ? it.each(['auto', 'js'] as const) : it.skip.each(['auto', 'js'] as const))(
    'records nothing from a bzip2 file with a damaged block, then the repaired file in full (%s decoder)',
    async (bzip2) => {
      const bz = spawnSync('bzip2', ['-c'], { input: xml }).stdout;
      const broken = Buffer.from(bz);
      broken[Math.floor(bz.length * 0.6)] ^= 0x55;
      const path = file(`pair-${bzip2}.xml.bz2`, broken);
      await expect(importDump(path, runtime(), { receivedAt: RECEIVED_AT, bzip2 })).rejects.toMatchObject({
        code: 'dump.decompression_failed',
        message: expect.stringMatching(/: corrupt bz2 block before byte offset \d+ /) as unknown,
      });
      expect(await store.head()).toBe(0);
      writeFileSync(path, bz);
      expect(await importDump(path, runtime(), { receivedAt: RECEIVED_AT, bzip2 })).toMatchObject({ appended: 4 });
      expect((await texts()).get(237383127)).toBe('{{DisambigProject}}');
    },
  );
});
