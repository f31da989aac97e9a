// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ifSetUp, makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { loadConfig } from '../config/env-config';
import { openRuntime } from '../runtime/open-runtime';
import { Runtime } from '../runtime/runtime';
import { BulkScheduler } from './bulk-scheduler';
import { openBulk, readModelOf } from './open-bulk';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '../../../..');
const okapi = (data: string, ...args: string[]): void =>
  void execFileSync('node', [join(ROOT, 'bin/okapi.js'), ...args, '--data-dir', data], {
    env: { ...process.env, OKAPI_DATA_DIR: '' },
    stdio: 'pipe',
  });

describe('BulkScheduler over the real read model (chDB, real dump)', () => {
  let dir: TempDir;
  let data: string;
  let runtime: Runtime;

  beforeAll(async () => {
    dir = makeTempDir('okapi-bulk-sched-');
    data = join(dir.path, 'data');
    okapi(data, 'import-dump', realDataPath('xml', 'pair-0.10.xml'));
    okapi(data, 'project');
    runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: data }), { readOnly: true });
  });
  afterAll(async () => {
    await ifSetUp(runtime)?.close();
    dir.remove();
  });

  it('builds the last closed hour, then each next hour, prunes old hours, and snapshots once per day', async () => {
    let now = Date.parse('2008-09-09T23:03:00Z'); // the dump's revisions are at 22:40-22:41
    const logs: string[] = [];
    const scheduler = new BulkScheduler({
      readModel: () => readModelOf(runtime),
      openKit: () => openBulk(runtime.config),
      snapshotTime: '12:00',
      batches: true,
      batchDelayS: 120,
      batchRetentionHours: 1,
      now: () => now,
      tickMs: 3_600_000,
      log: (l) => logs.push(l),
    });
    await scheduler.start();
    try {
      await scheduler.tick();
      const hour22 = join(data, 'batches/2008-09-09/22');
      expect(existsSync(join(hour22, 'enwiki_namespace_0.tar.gz'))).toBe(true);
      expect(existsSync(join(hour22, 'enwiki_namespace_1.json'))).toBe(true);
      const snapshot = join(data, 'snapshots/enwiki_namespace_0.json');
      expect(existsSync(snapshot)).toBe(true);
      const first = execFileSync('cat', [snapshot]).toString();

      now = Date.parse('2008-09-10T00:03:00Z'); // hour 23 closed (nothing changed); hour 22 is past retention
      await scheduler.tick();
      expect(existsSync(hour22)).toBe(false);
      expect(execFileSync('cat', [snapshot]).toString()).toBe(first); // not due before 12:00

      now = Date.parse('2008-09-10T12:01:00Z');
      await scheduler.tick();
      expect(execFileSync('cat', [snapshot]).toString()).not.toBe(first);
      expect(logs.filter((l) => l.startsWith('batch ')).map((l) => l.slice(6, 19))).toEqual([
        '2008-09-09T22',
        '2008-09-09T23',
        ...Array.from({ length: 11 }, (_, h) => `2008-09-10T${String(h).padStart(2, '0')}`),
      ]);
      expect(logs.filter((l) => l.includes('failed'))).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });
});
