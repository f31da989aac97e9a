import { articleBusContract, sampleArticles } from './article-bus.contract';
import { InProcessArticleBus } from './in-process-article-bus';

describe('InProcessArticleBus (contract)', () => {
  articleBusContract(() => {
    const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 1 << 20, maxAgeMs: 3_600_000 });
    return Promise.resolve({ bus, cleanup: () => bus.close() });
  });
});

describe('InProcessArticleBus retention', () => {
  it('drops the oldest messages past the byte budget and reports the new first offset', async () => {
    const msgs = sampleArticles('p', 100);
    const budget = msgs.slice(-10).reduce((n, m) => n + m.data.length, 0);
    const bus = new InProcessArticleBus({ subjectPrefix: 'p', maxBytes: budget, maxAgeMs: 3_600_000 });
    await bus.publish(msgs);
    const b = await bus.bounds();
    expect(b.lastSeq - b.firstSeq + 1).toBe(10);
    expect(b.firstOffset).toBe(msgs[msgs.length - 10].offset);
  });

  it('drops messages older than the age limit', async () => {
    let now = 1_000;
    const bus = new InProcessArticleBus({ subjectPrefix: 'p', maxBytes: 1 << 20, maxAgeMs: 500, now: () => now });
    await bus.publish(sampleArticles('p', 5));
    now += 1_000;
    await bus.publish(sampleArticles('p', 5, 6));
    expect((await bus.bounds()).firstOffset).toBe(6);
  });
});
