import { ArticleBus, BusMessage, OutgoingArticle } from '@okapi/projections';

/** What every ArticleBus adapter must do; run by each adapter's spec against a fresh bus. */
export interface BusUnderTest {
  readonly bus: ArticleBus;
  cleanup(): Promise<void>;
}

const WIKIS = ['enwiki', 'dewiki', 'frwiki'];

/** Offsets 1..n, skipping multiples of 5 (events without Articles); multiples of 4 yield two. */
export function sampleArticles(prefix: string, n: number, from = 1): OutgoingArticle[] {
  const out: OutgoingArticle[] = [];
  for (let offset = from; offset < from + n; offset++) {
    if (offset % 5 === 0) continue;
    const count = offset % 4 === 0 ? 2 : 1;
    for (let index = 0; index < count; index++) {
      const wiki = WIKIS[offset % 3];
      const type = index === 1 ? 'delete' : 'update';
      const flag = offset % 7 === 0 ? 'suspect' : 'ok';
      out.push({
        offset,
        index,
        count,
        subject: `${prefix}.${wiki}.0.${type}.${flag}`,
        data: JSON.stringify({ offset, index, wiki }),
      });
    }
  }
  return out;
}

async function collect(it: AsyncIterable<BusMessage>): Promise<BusMessage[]> {
  const out: BusMessage[] = [];
  for await (const m of it) out.push(m);
  return out;
}

const key = (m: { offset: number; index: number }): string => `${m.offset}/${m.index}`;

export function articleBusContract(open: () => Promise<BusUnderTest>): void {
  let t: BusUnderTest;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('starts empty', async () => {
    expect(await t.bus.lastPosition()).toBeUndefined();
    const b = await t.bus.bounds();
    expect(b.lastSeq).toBe(b.firstSeq - 1);
    expect(await t.bus.seqAfter(0)).toBe(b.firstSeq);
  });

  it('stores in order and knows its last position', async () => {
    const msgs = sampleArticles(t.bus.subjectPrefix, 20);
    await t.bus.publish(msgs);
    expect(await t.bus.lastPosition()).toEqual({ offset: 19, index: 0 }); // 20 has no Article
    const b = await t.bus.bounds();
    expect(b.lastSeq - b.firstSeq + 1).toBe(msgs.length);
    expect(b.firstOffset).toBe(1);
    const all = await collect(t.bus.read(b.firstSeq, b.lastSeq, `${t.bus.subjectPrefix}.>`));
    expect(all.map(key)).toEqual(msgs.map(key));
    expect(all[3]).toMatchObject({ offset: 4, index: 0, count: 2, data: msgs[3].data, subject: msgs[3].subject });
    expect(all[4]).toMatchObject({ offset: 4, index: 1, count: 2 });
    expect(all[0]).toMatchObject({ offset: 1, index: 0, count: 1 });
  });

  it('is idempotent by (offset, index): a resumed publisher duplicates nothing', async () => {
    const msgs = sampleArticles(t.bus.subjectPrefix, 12);
    await t.bus.publish(msgs.slice(0, 7));
    await t.bus.publish(msgs.slice(4));
    const b = await t.bus.bounds();
    const all = await collect(t.bus.read(b.firstSeq, b.lastSeq, `${t.bus.subjectPrefix}.>`));
    expect(all.map(key)).toEqual(msgs.map(key));
  });

  it('finds the first message after an offset, across multi-Article offsets and empty ones', async () => {
    const msgs = sampleArticles(t.bus.subjectPrefix, 30);
    await t.bus.publish(msgs);
    const b = await t.bus.bounds();
    const seqOf = (offset: number): number => {
      const i = msgs.findIndex((m) => m.offset > offset);
      return i < 0 ? b.lastSeq + 1 : b.firstSeq + i;
    };
    for (const offset of [0, 3, 4, 5, 7, 19, 20, 29]) expect(await t.bus.seqAfter(offset)).toBe(seqOf(offset));
    expect(await t.bus.seqAfter(30)).toBe(b.lastSeq + 1);
    expect(await t.bus.seqAfter(1000)).toBe(b.lastSeq + 1);
  });

  it('reads a range narrowed by subject wildcard', async () => {
    const p = t.bus.subjectPrefix;
    const msgs = sampleArticles(p, 40);
    await t.bus.publish(msgs);
    const b = await t.bus.bounds();
    const from = await t.bus.seqAfter(10);
    const to = (await t.bus.seqAfter(30)) - 1;
    const de = await collect(t.bus.read(from, to, `${p}.dewiki.*.*.*`));
    expect(de.map(key)).toEqual(
      msgs.filter((m) => m.offset > 10 && m.offset <= 30 && m.subject.includes('.dewiki.')).map(key),
    );
    const suspect = await collect(t.bus.read(b.firstSeq, b.lastSeq, `${p}.*.*.*.suspect`));
    expect(suspect.map(key)).toEqual(['7/0', '14/0', '21/0', '28/0', '28/1']);
    expect(await collect(t.bus.read(b.firstSeq, b.lastSeq, `${p}.nowiki.>`))).toEqual([]);
    expect(await collect(t.bus.read(b.lastSeq + 1, b.lastSeq + 10, `${p}.>`))).toEqual([]);
  });

  it('follows from a sequence: what is stored, then live, in order, with no gap', async () => {
    const msgs = sampleArticles(t.bus.subjectPrefix, 30);
    await t.bus.publish(msgs.slice(0, 10));
    const from = await t.bus.seqAfter(6);
    const got: BusMessage[] = [];
    const feed = t.bus.follow(from, (m) => got.push(m));
    try {
      await t.bus.publish(msgs.slice(10));
      const want = msgs.filter((m) => m.offset > 6).map(key);
      for (let i = 0; i < 100 && got.length < want.length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(got.map(key)).toEqual(want);
      expect(got.map((m) => m.seq)).toEqual(want.map((_, i) => from + i));
    } finally {
      await feed.close();
    }
  });
}
