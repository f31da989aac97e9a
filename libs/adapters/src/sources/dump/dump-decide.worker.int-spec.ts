import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EventStore, toOffset } from '@okapi/domain';
import { makeTempDir, TempDir } from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openSqliteEventStore } from '../../eventstore/sqlite/sqlite-event-store';
import { DumpError } from './dump.errors';
import { importDump } from './import-dump';
import { writeSyntheticDump } from './synthetic-dump-generator';

const RECEIVED_AT = '2026-11-26T10:00:00.000Z';

/** Sharing the decisions with a worker thread is an optimisation: everything observable must stay as in-thread. */
describe('importDump with a decide worker', () => {
  let tmp: TempDir;
  let xml: string;
  const stores: EventStore[] = [];
  beforeAll(() => {
    tmp = makeTempDir('okapi-decide-worker-');
    writeSyntheticDump(join(tmp.path, 'history.xml'), { pages: 400, seed: 5 });
    xml = readFileSync(join(tmp.path, 'history.xml'), 'utf8');
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    tmp.remove();
  });

  const store = (name: string): EventStore => {
    const s = openSqliteEventStore({ path: join(tmp.path, `${name}.sqlite3`) });
    stores.push(s);
    return s;
  };
  const file = (name: string, data: string | Buffer): string => {
    const path = join(tmp.path, name);
    writeFileSync(path, data);
    return path;
  };
  const runtime = (s: EventStore) => ({ config: loadConfig({}), eventStore: s });
  const log = async (s: EventStore) =>
    (await s.readAll({ from: toOffset(0), limit: 100_000 })).map((e) => [e.stream, e.type, e.data]);

  it('appends the same events, in the same order, as deciding in-thread (plain and gzip)', async () => {
    const inThread = store('in-thread');
    const inWorker = store('in-worker');
    const a = await importDump(file('h.xml', xml), runtime(inThread), { receivedAt: RECEIVED_AT, decideWorker: false });
    const b = await importDump(file('h.xml.gz', gzipSync(xml)), runtime(inWorker), {
      receivedAt: RECEIVED_AT,
      decideWorker: true,
    });
    expect(b).toMatchObject({ decideWorker: true, compression: 'gzip', pages: 400, revisions: a.revisions });
    expect(b.appended).toBe(a.appended);
    expect(await log(inWorker)).toEqual(await log(inThread));
  });

  it('appends the same events whichever thread decides a batch (every one on the worker, or shared)', async () => {
    const path = file('decide.xml', xml);
    const reference = store('decide-reference');
    await importDump(path, runtime(reference), { receivedAt: RECEIVED_AT, decideWorker: false });
    for (const workerDecides of ['all', 'share'] as const) {
      const s = store(`decide-${workerDecides}`);
      const options = { receivedAt: RECEIVED_AT, decideWorker: true, batchPages: 25, workerDecides };
      const stats = await importDump(path, runtime(s), options);
      // A batch is cut after the 256 KiB chunk that filled it: 25 pages or a few more.
      expect(stats.pipeline?.batches).toBeGreaterThan(10);
      if (workerDecides === 'all') expect(stats.pipeline?.partsOnWorker).toBe(stats.pipeline?.parts);
      expect(await log(s)).toEqual(await log(reference));
    }
  });

  it('appends the pages before a break, then fails with the same DumpError', async () => {
    const broken = file('broken.xml', xml.slice(0, Math.floor(xml.length * 0.6)) + '<bad></page>');
    const errors: DumpError[] = [];
    const logs = [];
    for (const decideWorker of [false, true]) {
      const s = store(`broken-${decideWorker}`);
      await importDump(broken, runtime(s), { receivedAt: RECEIVED_AT, decideWorker, batchPages: 50 }).catch(
        (e: unknown) => errors.push(e as DumpError),
      );
      logs.push(await log(s));
    }
    expect(errors[1]).toBeInstanceOf(DumpError);
    expect({ code: errors[1].code, message: errors[1].message, line: errors[1].line }).toEqual({
      code: errors[0].code,
      message: errors[0].message,
      line: errors[0].line,
    });
    expect(logs[1].length).toBeGreaterThan(100);
    expect(logs[1]).toEqual(logs[0]);
  });

  it('decides ahead of the store only while the bet holds: a resumed import appends just the rest, a re-import nothing', async () => {
    const whole = file('whole.xml', xml);
    const broken = file('half.xml', xml.slice(0, Math.floor(xml.length * 0.5)) + '<bad></page>');
    const reference = store('reference');
    const a = await importDump(whole, runtime(reference), { receivedAt: RECEIVED_AT, decideWorker: false });
    const resumed = store('resumed');
    const options = { receivedAt: RECEIVED_AT, decideWorker: true, batchPages: 40 };
    await expect(importDump(broken, runtime(resumed), options)).rejects.toBeInstanceOf(DumpError);
    const firstHalf = (await log(resumed)).length;
    expect(firstHalf).toBeGreaterThan(100);
    // The pages of the first half are in the store: their batches lose the bet and are decided again.
    const rest = await importDump(whole, runtime(resumed), options);
    expect(rest.appended).toBe(a.appended - firstHalf);
    expect(await log(resumed)).toEqual(await log(reference));
    const again = await importDump(whole, runtime(resumed), options);
    expect(again).toMatchObject({ appended: 0, duplicates: a.revisions });
  });
});
