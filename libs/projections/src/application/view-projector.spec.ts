import { deleted, moved, revision } from '../testing/page-events';
import { MemoryDeadLetters, MemoryEventStore, MemoryViewStore, NOTHING_DERIVED } from '../testing/memory-ports';
import { ViewProjector, ViewProjectorOptions } from './view-projector';

function projectorOver(store: MemoryEventStore, options: Partial<ViewProjectorOptions> = {}) {
  const views = new MemoryViewStore();
  const deadLetters = new MemoryDeadLetters();
  const lines: string[] = [];
  const projector = new ViewProjector(
    {
      events: store,
      views,
      derivations: NOTHING_DERIVED,
      now: () => '2024-05-02T00:00:00Z',
      log: (l) => lines.push(l),
      deadLetters,
    },
    { batchEvents: 2, ...options },
  );
  return { projector, views, deadLetters, lines };
}

const names = (views: MemoryViewStore) => views.rows('current').map((r) => `${r.name}${r.deleted ? ' (deleted)' : ''}`);

describe('ViewProjector (run a projection)', () => {
  it('catches up batch by batch to the head it saw, writing rows before the checkpoint', async () => {
    const store = new MemoryEventStore([revision(1), revision(2), revision(3)]);
    const { projector, views } = projectorOver(store);
    const batches: number[] = [];
    expect(await projector.runUntilCaughtUp(undefined, (b) => batches.push(b.lastOffset))).toEqual({
      events: 3,
      batches: 2,
    });
    expect(batches).toEqual([2, 3]);
    expect(views.rows('revisions').map((r) => r.revision_id)).toEqual([1, 2, 3]);
    expect(views.migrations).toBe(1);
    expect(await projector.lag()).toEqual({ head: 3, checkpoint: 3, events: 0 });
  });

  it('reads each event once when the character budget cuts batches: what a read brought past the cut starts the next', async () => {
    const text = 'x'.repeat(100);
    const store = new MemoryEventStore([1, 2, 3, 4, 5].map((id) => revision(id, { text })));
    const read = jest.spyOn(store, 'readAll');
    const { projector, views } = projectorOver(store, { batchEvents: 5, batchChars: 250 });
    const batches: number[] = [];
    await projector.runUntilCaughtUp(undefined, (b) => batches.push(b.events));
    expect(batches).toEqual([2, 2, 1]);
    expect(views.rows('revisions').map((r) => r.revision_id)).toEqual([1, 2, 3, 4, 5]);
    const eventsRead = await Promise.all(read.mock.results.map(async (r) => ((await r.value) as unknown[]).length));
    expect(eventsRead.reduce((n, k) => n + k, 0)).toBe(5);
  });

  it('a rebuild builds no document the store holds in the current format (no text, no derivation read); --documents builds every one', async () => {
    const store = new MemoryEventStore([revision(1), revision(2), moved('Okapi', 'Okapia'), revision(3)]);
    const { projector, views } = projectorOver(store);
    await projector.runUntilCaughtUp();
    const documents = views.rows('documents');
    const hourly = views.rows('hourly');
    expect(documents.length).toBeGreaterThanOrEqual(2);
    const held = new Map(documents.map((d) => [`${d.page_id}/${d.version}`, d.event_type]));
    jest.spyOn(views, 'storedDocuments').mockResolvedValue({
      currentFormat: (k) => held.get(`${k.page_id}/${k.version}`),
      holds: (row) => held.has(`${row.page_id}/${row.version}`),
      replaces: () => false,
    });
    const asked = jest.spyOn(NOTHING_DERIVED, 'resolve');
    try {
      await projector.rebuild();
      await projector.runUntilCaughtUp();
      expect(asked.mock.calls.flatMap(([inputs]) => inputs)).toEqual([]);
      expect(views.rows('documents')).toEqual([]); // none built, none written
      expect(views.rows('hourly')).toEqual(hourly); // event types from the store
      asked.mockClear();
      await projector.rebuild({ regenerateDocuments: true });
      await projector.runUntilCaughtUp();
      expect(asked.mock.calls.flatMap(([inputs]) => inputs).length).toBeGreaterThanOrEqual(2);
      expect(views.rows('documents')).toEqual([]); // built, and dropped: the same bytes are stored
      expect(views.rows('hourly')).toEqual(hourly);
    } finally {
      asked.mockRestore();
    }
  });

  it('resumes after the stored checkpoint and writes only the page state after each batch', async () => {
    const store = new MemoryEventStore([revision(1), revision(2)]);
    const { projector, views } = projectorOver(store);
    await projector.runUntilCaughtUp();
    store.add([moved('Okapi', 'Okapia'), deleted('Okapia')]);
    const again = new ViewProjector(
      { events: store, views, derivations: NOTHING_DERIVED, now: () => 'x', log: () => undefined },
      { batchEvents: 10 },
    );
    expect((await again.runOnce()).events).toBe(2);
    expect(names(views)).toEqual(['Okapi', 'Okapi (deleted)', 'Okapia (deleted)']);
    expect(views.invalidated).toContain('Okapia');
    expect((await again.runOnce()).events).toBe(0);
  });

  it('follows the store until aborted, idling once caught up', async () => {
    const store = new MemoryEventStore([revision(1), revision(2), revision(3)]);
    const { projector } = projectorOver(store);
    const abort = new AbortController();
    const seen: string[] = [];
    await projector.follow(
      abort.signal,
      () => {
        seen.push('idle');
        abort.abort();
        return Promise.resolve();
      },
      (b) => seen.push(`${b.events}@${b.lastOffset}`),
    );
    expect(seen).toEqual(['2@2', '1@3', '0@3', 'idle']);
  });

  it('sweeps while following also when it never catches up, ten times less often', async () => {
    // Every batch brings a new revision of the same page in the same hour: each batch orphans the document before it.
    const store = new MemoryEventStore([revision(1)]);
    const { projector, views } = projectorOver(store, { batchEvents: 1, orphanSweepBatches: 2 });
    const sweeps = jest.spyOn(views, 'deleteOrphanDocuments');
    const abort = new AbortController();
    let batches = 0;
    await projector.follow(
      abort.signal,
      () => Promise.reject(new Error('caught up: the writer outpaces it in this test')),
      () => {
        store.add([revision(++batches + 1)]);
        if (batches === 45) abort.abort();
      },
    );
    // Every 20 batches: after batch 18 the first sweep records where the next may go; after batch 38 it deletes up to 18.
    expect(sweeps.mock.calls.map(([upTo]) => upTo)).toEqual([18]);
    expect(views.rows('documents').map((d) => d.version)).toEqual(Array.from({ length: 27 }, (_, i) => 19 + i));
  });

  it('sweeps the documents no row names any more, up to where the previous sweep had got', async () => {
    // One page, one hour, two batches: the first batch's document is named by nothing after the second.
    const store = new MemoryEventStore([revision(1), revision(2), revision(3)]);
    const { projector, views } = projectorOver(store);
    await projector.runUntilCaughtUp();
    const documents = () => views.rows('documents').map((d) => d.version);
    expect(documents()).toEqual([2, 3]);
    expect(await projector.sweepOrphanDocuments()).toBe(0); // records offset 3 for the next sweep
    expect(documents()).toEqual([2, 3]);
    expect(await projector.sweepOrphanDocuments()).toBe(1);
    expect(documents()).toEqual([3]);
    // The rows are untouched: the newer of each key names the document that stays.
    expect(views.rows('current').map((r) => r.version)).toEqual([2, 3]);
    expect(views.rows('hourly').map((r) => r.version)).toEqual([2, 3]);
  });

  it('sweeps every orphan up to the checkpoint at once when no reader shares the views (okapi project)', async () => {
    const store = new MemoryEventStore([revision(1), revision(2), revision(3)]);
    const { projector, views } = projectorOver(store);
    await projector.runUntilCaughtUp();
    expect(await projector.sweepOrphanDocumentsNow()).toBe(1);
    expect(views.rows('documents').map((d) => d.version)).toEqual([3]);
    expect(await projector.sweepOrphanDocuments()).toBe(0);
  });

  it('sets aside an event whose rows the store refuses as data, and writes the rest of its batch', async () => {
    const store = new MemoryEventStore([revision(1), revision(2)]);
    const { projector, views, deadLetters, lines } = projectorOver(store);
    views.refuse.add(2);
    const result = await projector.runOnce();
    expect(result).toMatchObject({ events: 2, deadLettered: 1, lastOffset: 2 });
    expect(views.rows('revisions').map((r) => r.revision_id)).toEqual([1]);
    expect(deadLetters.log).toEqual(['aside 2: Error: refused: bad data']);
    expect(lines[0]).toMatch(/^views: event 2 \(RevisionCreated, page-enwiki-1\) set aside/);
    expect(await views.checkpoints()).toEqual(
      new Map([
        ['revisions', 2],
        ['articles_current', 2],
        ['article_versions_hourly', 2],
      ]),
    );
  });

  it('fails the batch, blaming no event, when the store is down', async () => {
    const { projector, views, deadLetters } = projectorOver(new MemoryEventStore([revision(1)]));
    views.down = new Error('connect ECONNREFUSED');
    await expect(projector.runOnce()).rejects.toThrow('ECONNREFUSED');
    expect(deadLetters.log).toEqual([]);
    expect(await views.checkpoints()).toEqual(new Map());
  });

  it('retries dead letters one by one: those that land leave the store', async () => {
    const store = new MemoryEventStore([revision(1), revision(2)]);
    const { projector, views, deadLetters } = projectorOver(store);
    views.refuse.add(2);
    await projector.runOnce();
    expect(await projector.retry([2, 9])).toEqual({
      landed: [],
      failed: [
        { offset: 2, error: 'refused: bad data' },
        { offset: 9, error: 'no event at offset 9' },
      ],
    });
    views.refuse.clear();
    expect(await projector.retry([2])).toEqual({ landed: [2], failed: [] });
    expect(deadLetters.log.slice(1)).toEqual(['failed 2: Error: refused: bad data', 'landed 2']);
  });

  it('maintains only the projections it is asked for', async () => {
    const { projector, views } = projectorOver(new MemoryEventStore([revision(1)]), { projections: ['revisions'] });
    await projector.runUntilCaughtUp();
    expect(views.rows('revisions')).toHaveLength(1);
    expect(views.rows('current')).toEqual([]);
  });
});
