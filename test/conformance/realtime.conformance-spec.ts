/**
 * Realtime as both SDKs consume it, for more than two minutes of live traffic (the generator,
 * ~4 edits/s) through idle and busy periods, against a server whose heartbeat interval is 1 s:
 * - Go `StreamArticles` (GET + JSON body, 20 MiB scanner, strict decoding of every line) on a
 *   rare namespace, so it sits idle for seconds at a time;
 * - Python `stream_articles` (POST, drops blank lines, drops lines it cannot decode or whose
 *   dates are not `%Y-%m-%dT%H:%M:%SZ`: any drop fails the test) on the whole stream;
 * - ten Go connections over parts [0]..[9] from one common start offset, one of them killed and
 *   resumed by its per-partition offsets; together they must receive exactly the whole stream,
 *   checked against an independent single-connection replay, and so must one Python connection
 *   over all ten parts.
 */
import { setMaxListeners } from 'node:events';
import { must } from '@okapi/domain';
import { StreamControl, StreamResult, WmeClient } from './client/wme-client';
import { expectFilled, sdkClients } from './support/clients';
import { suiteState } from './support/suite-state';

type Rec = Record<string, unknown>;
interface Ev {
  type: string;
  offset: number;
  partition: number;
  date_published: string;
  identifier: string;
}
interface Got {
  readonly key: string;
  readonly offset: number;
  readonly partition: number;
  readonly at: number;
}

const STREAM_MS = 125_000;
const KILL_AT_MS = 50_000;
const AWAY_MS = 8_000;
const HEARTBEAT_MS = 1_000;

const eventOf = (a: Rec): Ev => a.event as Ev;
/** One Article of the stream: the event identifier is unique per Article (offset and index). */
const keyOf = (a: Rec): string => eventOf(a).identifier;

async function storeHead(): Promise<number> {
  const text = await (await fetch(`${suiteState().baseUrl}metrics`)).text();
  return Number(must(/^okapi_event_store_head_offset (\d+)/m.exec(text), 'okapi_event_store_head_offset')[1]);
}

function expectArticleContent(a: Rec): void {
  expectFilled(a, [
    'name',
    'identifier',
    'url',
    'namespace',
    'in_language.identifier',
    'is_part_of.identifier',
    'event.identifier',
    'event.type',
    'event.date_published',
    'event.date_created',
    'event.offset',
    'date_modified',
    'license',
  ]);
  if (eventOf(a).type !== 'delete')
    expectFilled(a, ['version.identifier', 'version.editor.name', 'version.size.value', 'article_body.wikitext']);
}

interface Collector {
  readonly got: Got[];
  readonly cbk: (a: Rec) => StreamControl;
}

function collector(check: (a: Rec) => void = expectArticleContent): Collector {
  const got: Got[] = [];
  return {
    got,
    cbk: (a) => {
      check(a);
      const e = eventOf(a);
      got.push({ key: keyOf(a), offset: e.offset, partition: e.partition, at: Date.now() });
      return 'continue';
    },
  };
}

/** A raw Okapi replay (its own `offset` parameter, one unpartitioned connection): the reference. */
async function replay(client: WmeClient, fromOffset: number, untilOffset: number): Promise<string[]> {
  const keys: string[] = [];
  const res = await fetch(`${suiteState().baseUrl}v2/articles`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${(client as unknown as { o: { accessToken: string } }).o.accessToken}`,
      accept: 'application/x-ndjson',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ offset: fromOffset - 1, fields: ['event'] }),
  });
  let pending = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const a = JSON.parse(pending.slice(0, nl)) as Rec;
      pending = pending.slice(nl + 1);
      if (eventOf(a).offset > untilOffset) return keys; // leaving the loop cancels the response
      keys.push(keyOf(a));
    }
  }
  return keys;
}

describe('WME SDK conformance: realtime', () => {
  it('streams stay open through idle and busy periods; parts split the stream exactly, with a kill and resume', async () => {
    const { go, python } = await sdkClients();
    const stop = new AbortController();
    setMaxListeners(32, stop.signal); // one listener per open stream
    const start = (await storeHead()) + 1; // every parallel connection starts here, per partition
    const allFrom = (from: number): Map<number, number> => new Map(Array.from({ length: 50 }, (_, p) => [p, from]));
    const t0 = Date.now();

    // A: Go, a rare namespace (4: project pages): long idle gaps between Articles.
    const idle = collector((a) => {
      expectArticleContent(a);
      expect((a.namespace as Rec).identifier).toBe(4);
    });
    const idleRun = go.streamArticles(
      { filters: [{ field: 'namespace.identifier', value: 4 }] },
      idle.cbk,
      stop.signal,
    );

    // B: Python, everything.
    const busy = collector();
    const busyRun = python.streamArticles({}, busy.cbk, stop.signal);

    // C: ten Go connections, parts [0]..[9], all from `start`; part 3 is killed and resumed.
    const KILLED = 3;
    const parts = Array.from({ length: 10 }, () => collector());
    const partRuns: Promise<StreamResult>[] = parts.map((c, part) =>
      part === KILLED
        ? Promise.resolve({ articles: 0, dropped: [], ended: 'stopped' as const }) // replaced below
        : go.streamArticles({ parts: [part], offsets: allFrom(start) }, c.cbk, stop.signal),
    );
    const killed = collector();
    let killRequested = false;
    const firstLife = go.streamArticles(
      { parts: [KILLED], offsets: allFrom(start) },
      (a) => {
        // Stop at an offset boundary: the Articles of one event (a move: two) share an offset.
        const last = killed.got.at(-1);
        if (killRequested && last !== undefined && eventOf(a).offset !== last.offset) return 'stop';
        return killed.cbk(a);
      },
      stop.signal,
    );
    partRuns[KILLED] = (async () => {
      await new Promise((r) => setTimeout(r, KILL_AT_MS));
      killRequested = true;
      const first = await firstLife;
      expect(first.ended).toBe('stopped');
      await new Promise((r) => setTimeout(r, AWAY_MS)); // traffic goes on while it is away
      const lastByPartition = new Map<number, number>();
      for (const g of killed.got) lastByPartition.set(g.partition, g.offset);
      const resume = allFrom(start);
      for (const [p, last] of lastByPartition) resume.set(p, last + 1); // WME offsets are inclusive
      parts[KILLED].got.push(...killed.got);
      return go.streamArticles({ parts: [KILLED], offsets: resume }, parts[KILLED].cbk, stop.signal);
    })();

    // D: one Python connection over all ten parts from `start`.
    const allParts = collector();
    const allPartsRun = python.streamArticles(
      { parts: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], offsets: allFrom(start) },
      allParts.cbk,
      stop.signal,
    );

    await new Promise((r) => setTimeout(r, STREAM_MS));
    const end = await storeHead();
    await new Promise((r) => setTimeout(r, 3_000)); // what was recorded by `end` has been delivered
    stop.abort();
    const results = await Promise.all([idleRun, busyRun, allPartsRun, ...partRuns]);
    const openMs = Date.now() - t0;

    // Every stream stayed open the whole time (ended by us, not by an error or the server).
    expect(openMs).toBeGreaterThanOrEqual(2 * 60_000);
    for (const r of results) expect(r.ended).toBe('stopped');
    expect(results.flatMap((r) => r.dropped)).toEqual([]);

    // Idle and busy: A saw Articles, with gaps of several heartbeat intervals between them.
    expect(idle.got.length).toBeGreaterThan(3);
    const gaps = idle.got.map((g, i) => g.at - (i === 0 ? t0 : idle.got[i - 1].at));
    expect(Math.max(...gaps)).toBeGreaterThan(3 * HEARTBEAT_MS);
    expect(busy.got.length).toBeGreaterThan(200);

    // Parts: exactly the whole stream from `start` to `end`, no gap, no duplicate.
    const expected = await replay(go, start, end);
    expect(expected.length).toBeGreaterThan(200);
    const upTo = (gs: Got[]): string[] => gs.filter((g) => g.offset <= end).map((g) => g.key);
    const union = parts.flatMap((p) => upTo(p.got));
    expect(union.length).toBe(new Set(union).size);
    expect([...union].sort()).toEqual([...expected].sort());
    expect(upTo(allParts.got)).toEqual(expected); // one connection: in offset order too
    parts.forEach((p, part) => {
      for (const g of p.got) expect(Math.floor(g.partition / 5)).toBe(part);
    });
    expect(killed.got.length).toBeGreaterThan(0);
    expect(parts[KILLED].got.length).toBeGreaterThan(killed.got.length);
  });
});
