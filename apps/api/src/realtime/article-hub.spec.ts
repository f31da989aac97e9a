/**
 * The hub's fan-out over the real in-process bus: one filter evaluation per distinct filter and
 * message, in-order delivery to exactly the matching clients, one flush per client per tick.
 */
import { CompiledFilter, compileFilter } from '@okapi/projections';
import { InProcessArticleBus } from '@okapi/adapters/bus';
import { must } from '@okapi/domain';
import { ArticleHub, HubClient } from './article-hub';
import { StreamItem } from './stream-item';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A client recording what it is given; `flushes` counts the hub's flush calls. */
class RecordingClient implements HubClient {
  readonly received: string[] = [];
  readonly crashes: unknown[] = [];
  flushes = 0;
  private pending = false;
  constructor(
    readonly filter: CompiledFilter,
    private readonly hub: ArticleHub,
  ) {}
  deliver(item: StreamItem): void {
    this.received.push(item.id);
    if (this.pending) return;
    this.pending = true;
    this.hub.schedule(this);
  }
  flush(): void {
    this.pending = false;
    this.flushes++;
  }
  shutdown(): void {}
  crashed(e: unknown): void {
    this.crashes.push(e);
  }
}

/** A client whose writes fail (a bug in framing, a broken socket wrapper). */
class ThrowingClient extends RecordingClient {
  override flush(): void {
    super.flush();
    throw new Error('write failed');
  }
}

/** A filter on `in_language.identifier` whose predicate counts its calls. */
function countingLanguageFilter(lang: string): { filter: CompiledFilter; calls: () => number } {
  const real = compileFilter([{ field: 'in_language.identifier', value: lang }]);
  let calls = 0;
  const filter: CompiledFilter = { ...real, predicate: (a) => (calls++, must(real.predicate, 'the predicate')(a)) };
  return { filter, calls: () => calls };
}

const article = (offset: number, wiki: string, lang: string) => ({
  offset,
  index: 0,
  subject: `okapi.article.${wiki}.0.update.ok`,
  data: JSON.stringify({ name: `P${offset}`, in_language: { identifier: lang }, is_part_of: { identifier: wiki } }),
});

describe('ArticleHub', () => {
  it('evaluates each distinct filter once per message and delivers in order to the matching clients only', async () => {
    const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 1 << 20, maxAgeMs: 60_000 });
    const hub = new ArticleHub(bus);
    await hub.ready();
    const de = countingLanguageFilter('de');
    const deClients = [1, 2, 3].map(() => new RecordingClient(de.filter, hub));
    const enwiki = new RecordingClient(compileFilter([{ field: 'is_part_of.identifier', value: 'enwiki' }]), hub);
    const all = new RecordingClient(compileFilter([]), hub);
    for (const c of [...deClients, enwiki, all]) hub.attach(c);
    expect(hub.size).toBe(5);

    await bus.publish([
      article(1, 'dewiki', 'de'),
      article(2, 'enwiki', 'en'),
      article(3, 'dewiki', 'de'),
      article(4, 'frwiki', 'fr'),
    ]);
    await tick();

    expect(de.calls()).toBe(4); // once per message, not once per client
    for (const c of deClients) expect(c.received).toEqual(['1', '3']);
    expect(enwiki.received).toEqual(['2']);
    expect(all.received).toEqual(['1', '2', '3', '4']);
    for (const c of [...deClients, enwiki, all]) expect(c.flushes).toBe(1); // one flush per tick, however many messages

    hub.detach(deClients[0]);
    hub.detach(deClients[0]); // twice is harmless
    await bus.publish([article(5, 'dewiki', 'de')]);
    await tick();
    expect(deClients[0].received).toEqual(['1', '3']);
    expect(deClients[1].received).toEqual(['1', '3', '5']);
    expect(hub.size).toBe(4);
    await hub.close();
    expect(hub.size).toBe(0);
  });

  it('a client whose flush or filter throws is ended alone; the feed and the other clients carry on', async () => {
    const bus = new InProcessArticleBus({ subjectPrefix: 'okapi.article', maxBytes: 1 << 20, maxAgeMs: 60_000 });
    const hub = new ArticleHub(bus);
    await hub.ready();
    const healthy = new RecordingClient(compileFilter([]), hub);
    const failing = new ThrowingClient(compileFilter([{ field: 'in_language.identifier', value: 'en' }]), hub);
    const badFilter: CompiledFilter = {
      ...compileFilter([{ field: 'in_language.identifier', value: 'de' }]),
      predicate: () => {
        throw new Error('filter bug');
      },
    };
    const judged = new RecordingClient(badFilter, hub);
    for (const c of [healthy, failing, judged]) hub.attach(c);

    await bus.publish([article(1, 'enwiki', 'en')]);
    await tick();
    await bus.publish([article(2, 'enwiki', 'en')]);
    await tick();

    expect(healthy.received).toEqual(['1', '2']);
    expect(healthy.crashes).toEqual([]);
    expect(failing.crashes.map((e) => (e as Error).message)).toEqual(['write failed']);
    expect(failing.received).toEqual(['1']); // detached after its failure
    expect(judged.crashes.map((e) => (e as Error).message)).toEqual(['filter bug']);
    expect(hub.size).toBe(1);
    await hub.close();
  });
});
