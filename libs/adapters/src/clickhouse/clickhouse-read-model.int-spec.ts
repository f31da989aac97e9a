import { Analytics, ClickHouseEngine } from './analytics';
import { ClickHouseReadModel } from './clickhouse-read-model';
import { LookupCache } from './lookup-cache';
import { describeEachEngine, openedEngine } from './testing/analytics-engines.fixture';

jest.setTimeout(60_000);

/** The engine, counting the queries that reach it. */
function counted(engine: Analytics): { engine: ClickHouseEngine; queries: () => number } {
  let n = 0;
  const query = <T>(sql: string): Promise<T[]> => {
    n++;
    return engine.query<T>(sql);
  };
  return { engine: { ...engine, query }, queries: () => n };
}

describeEachEngine('ClickHouseReadModel lookups by name', (harness) => {
  const engine = openedEngine(harness);

  const model = (): { model: ClickHouseReadModel; queries: () => number } => {
    const { engine: countedEngine, queries } = counted(engine.analytics);
    return {
      model: new ClickHouseReadModel(countedEngine, new LookupCache({ maxBytes: 1 << 20, ttlMs: 60_000 })),
      queries,
    };
  };

  it('answers concurrent misses of one name with one query, then from the cache', async () => {
    const { model: m, queries } = model();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => m.findCurrentByName({ name: 'Pear', limit: 1 })),
    );
    expect(queries()).toBe(1);
    expect(new Set(answers).size).toBe(1);
    await m.findCurrentByName({ name: 'Pear', limit: 1 });
    expect(queries()).toBe(1);
    // Another name, or the same name asked differently, is its own query.
    await Promise.all([
      m.findCurrentByName({ name: 'Apple', limit: 1 }),
      m.findCurrentByName({ name: 'Pear', limit: 2 }),
    ]);
    expect(queries()).toBe(3);
  });

  it('does not let a caller after a write join a query started before it', async () => {
    const { model: m, queries } = model();
    const before = m.findCurrentByName({ name: 'Pear', limit: 1 });
    m.invalidateNames(['Pear']);
    const after = m.findCurrentByName({ name: 'Pear', limit: 1 });
    await Promise.all([before, after]);
    expect(queries()).toBe(2);
  });
});
