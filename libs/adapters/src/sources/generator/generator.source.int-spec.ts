import { PageCommandHandler, START } from '@okapi/domain';
import { makeTempDir, TempDir } from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openRuntime } from '../../runtime/open-runtime';
import { Runtime } from '../../runtime/runtime';
import { silentLog } from '../plumbing/source-log';
import { GeneratorSource } from './generator.source';

// Jest 29 ignores the per-project testTimeout in jest.config; real servers can be slow on a busy box.
jest.setTimeout(60_000);

describe('GeneratorSource (real SQLite)', () => {
  let tmp: TempDir;
  let runtime: Runtime;
  beforeEach(async () => {
    tmp = makeTempDir('okapi-gen-');
    runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: tmp.path }));
  });
  afterEach(async () => {
    await runtime.close();
    tmp.remove();
  });

  it('appends exactly what it generated, with suspect flags and identity reverts among them', async () => {
    const source = new GeneratorSource({
      wikis: ['enwiki', 'dewiki'],
      seed: 3,
      pagesPerWiki: 100,
      rate: 0,
      limit: 1500,
      log: silentLog,
      sink: new PageCommandHandler(runtime.eventStore, { suspectThreshold: 0.5 }),
    });
    await source.run(new AbortController().signal);
    const events = await runtime.eventStore.readAll({ from: START, limit: 10_000 });
    expect(source.stats).toMatchObject({ received: 1500, appended: events.length });
    const types = new Set(events.map((e) => e.type));
    expect(types).toEqual(
      new Set([
        'RevisionCreated',
        'RevisionsReverted',
        'PageDeleted',
        'PageRestored',
        'PageMoved',
        'RevisionVisibilityChanged',
      ]),
    );
    const suspect = events.filter((e) => e.type === 'RevisionCreated' && e.data.flag === 'suspect').length;
    expect(suspect).toBeGreaterThan(0);
    expect(
      events.every((e) => e.type !== 'RevisionCreated' || (e.data.source === 'generator' && e.data.text !== undefined)),
    ).toBe(true);
  });

  it('flat out (rate 0), still lets timers, signals and HTTP run between batches, so abort stops it', async () => {
    const source = new GeneratorSource({
      wikis: ['testwiki'],
      rate: 0,
      limit: 1000,
      batchSize: 50,
      log: silentLog,
      sink: new PageCommandHandler(runtime.eventStore, { suspectThreshold: 0.5 }),
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1); // a macrotask: never runs if the loop only chains microtasks
    await source.run(new AbortController().signal); // bounded by limit, so a regression fails instead of hanging
    clearInterval(timer);
    expect(source.stats.received).toBe(1000);
    expect(ticks).toBeGreaterThan(0);
  });

  it('holds its rate', async () => {
    const source = new GeneratorSource({
      wikis: ['testwiki'],
      rate: 200,
      limit: 100,
      log: silentLog,
      sink: new PageCommandHandler(runtime.eventStore, { suspectThreshold: 0.5 }),
    });
    const started = Date.now();
    await source.run(new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450); // 100 events at 200/s, first batch at t=0
    expect(source.stats.received).toBe(100);
  });
});
