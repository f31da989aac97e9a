import type { HourlyVersion, WikiNamespace } from '../ports/read-model.port';
import type { BatchHours, BulkFiles } from './bulk-files.port';
import { parseBatchHour, previousHour, pruneBatchHours, readAhead, SnapshotBuilder } from './snapshot-builder';

/** Live Articles by wiki+namespace, and the hourly versions by hour. */
class MemoryReadModel {
  constructor(
    private readonly live: Record<string, string[]>,
    private readonly hours: Record<string, HourlyVersion[]> = {},
  ) {}

  listWikiNamespaces(): Promise<WikiNamespace[]> {
    return Promise.resolve(
      Object.entries(this.live).map(([key, docs]) => {
        const [wiki, ns] = key.split(':');
        return { wiki, namespace: Number(ns), pages: docs.length, lastModified: '2024-05-01T00:00:00Z' };
      }),
    );
  }

  async *streamCurrent(wiki: string, namespace: number): AsyncIterable<string> {
    yield* await Promise.resolve(this.live[`${wiki}:${namespace}`] ?? []);
  }

  listHour(hourStart: string): Promise<{ wiki: string; namespace: number }[]> {
    const pairs = new Map((this.hours[hourStart] ?? []).map((v) => [`${v.wiki}:${v.namespace}`, v]));
    return Promise.resolve([...pairs.values()].map((v) => ({ wiki: v.wiki, namespace: v.namespace })));
  }

  async *streamHour(hourStart: string, wiki?: string, namespace?: number): AsyncIterable<HourlyVersion> {
    const all = await Promise.resolve(this.hours[hourStart] ?? []);
    yield* all.filter((v) => v.wiki === wiki && v.namespace === namespace);
  }
}

/** Files as `kind wiki:ns [lines]`. */
class MemoryBulkFiles implements BulkFiles<string> {
  constructor(private readonly published: { wiki: string; namespace: number }[] = []) {}

  publishedSnapshots(): Promise<{ wiki: string; namespace: number }[]> {
    return Promise.resolve(this.published);
  }

  writeSnapshot(wiki: string, namespace: number, articles: AsyncIterable<string>): Promise<string> {
    return this.file(`snapshot ${wiki}:${namespace}`, articles);
  }

  writeStructuredSnapshot(wiki: string, namespace: number, articles: AsyncIterable<string>): Promise<string> {
    return this.file(`structured ${wiki}:${namespace}`, articles);
  }

  writeBatch(date: string, hour: string, wiki: string, ns: number, articles: AsyncIterable<string>): Promise<string> {
    return this.file(`batch ${date}T${hour} ${wiki}:${ns}`, articles);
  }

  private async file(name: string, articles: AsyncIterable<string>): Promise<string> {
    const lines: string[] = [];
    for await (const a of articles) lines.push(a);
    return `${name} [${lines.join(',')}]`;
  }
}

describe('SnapshotBuilder (build a snapshot)', () => {
  it('writes one snapshot per live wiki+namespace in order, structured contents for namespace 0 only', async () => {
    const readModel = new MemoryReadModel({ 'enwiki:1': ['t'], 'dewiki:0': ['a', 'b'] });
    const seen: string[] = [];
    const files = await new SnapshotBuilder(readModel, new MemoryBulkFiles()).snapshots({}, (r) => seen.push(r));
    expect(files).toEqual(['snapshot dewiki:0 [a,b]', 'structured dewiki:0 [a,b]', 'snapshot enwiki:1 [t]']);
    expect(seen).toEqual(files);
  });

  it('empties the snapshot of a namespace with no live page left, and honours the selection', async () => {
    const builder = new SnapshotBuilder(
      new MemoryReadModel({ 'enwiki:0': ['a'] }),
      new MemoryBulkFiles([{ wiki: 'enwiki', namespace: 14 }]),
    );
    expect(await builder.snapshots({ namespace: 14 })).toEqual(['snapshot enwiki:14 []']);
    expect(await builder.snapshots({ wiki: 'dewiki' })).toEqual([]);
  });

  it('stops between namespaces when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const builder = new SnapshotBuilder(new MemoryReadModel({ 'enwiki:0': ['a'] }), new MemoryBulkFiles());
    await expect(builder.snapshots({}, undefined, abort.signal)).rejects.toThrow();
  });

  it("writes an hour's batch from each changed page's latest version, per wiki+namespace", async () => {
    const hour = '2024-05-01T12:00:00Z';
    const v = (wiki: string, pageId: number): HourlyVersion => ({
      wiki,
      namespace: 0,
      pageId,
      doc: `${wiki}${pageId}`,
    });
    const readModel = new MemoryReadModel({}, { [hour]: [v('enwiki', 1), v('dewiki', 2), v('enwiki', 3)] });
    expect(await new SnapshotBuilder(readModel, new MemoryBulkFiles()).batchHour('2024-05-01T12')).toEqual([
      'batch 2024-05-01T12 dewiki:0 [dewiki2]',
      'batch 2024-05-01T12 enwiki:0 [enwiki1,enwiki3]',
    ]);
  });

  it('prunes the batch hours that ended before the retention window', async () => {
    const hours: [string, string][] = [
      ['2024-05-01', '09'],
      ['2024-05-01', '10'],
      ['2024-05-01', '11'],
    ];
    const removed: string[] = [];
    const store: BatchHours = {
      batchHours: () => Promise.resolve(hours),
      removeBatchHour: (date, hh) => Promise.resolve(void removed.push(`${date}T${hh}`)),
    };
    expect(await pruneBatchHours(store, Date.parse('2024-05-01T12:30:00Z'), 2)).toBe(1);
    expect(removed).toEqual(['2024-05-01T09']);
  });

  it('reads hours strictly and names the last closed one', () => {
    expect(parseBatchHour('2024-05-01T07')).toEqual({ date: '2024-05-01', hour: '07', start: '2024-05-01T07:00:00Z' });
    expect(() => parseBatchHour('2024-02-30T07')).toThrow(RangeError);
    expect(previousHour(Date.parse('2024-05-01T12:30:00Z'))).toBe('2024-05-01T11');
  });

  it('readAhead keeps the order of a source it reads ahead of', async () => {
    async function* count(): AsyncIterable<number> {
      for (let i = 0; i < 100; i++) yield await Promise.resolve(i);
    }
    const out: number[] = [];
    for await (const n of readAhead(count(), 8)) out.push(n);
    expect(out).toEqual([...Array(100).keys()]);
  });

  it('writes both files of namespace 0 from one read of the views', async () => {
    const readModel = new MemoryReadModel({ 'enwiki:0': ['a', 'b'] });
    const streamed = jest.spyOn(readModel, 'streamCurrent');
    const files = await new SnapshotBuilder(readModel, new MemoryBulkFiles()).snapshots();
    expect(files).toEqual(['snapshot enwiki:0 [a,b]', 'structured enwiki:0 [a,b]']);
    expect(streamed).toHaveBeenCalledTimes(1);
  });
});
