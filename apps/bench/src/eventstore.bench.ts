import { join } from 'node:path';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { AppendRequest, EventStore, jsonOf, Offset, pageStream, RevisionCreated, toOffset, must } from '@okapi/domain';
import { Bench, inTempDir, round, secondsOfAsync as timed, sizeFlag } from './bench';
import { rawSqliteBaseline } from './raw-sqlite-baseline';

const STREAMS_PER_CALL = 100;

/**
 * `okapi bench eventstore [--events N] [--quick]`: the SQLite event store against raw
 * better-sqlite3 on the same schema and the same JSON rows, same run:
 * append (goal >= 0.5 of raw inserts), readAll paging and subscribe catch-up (vs raw iterate).
 */
export const bench: Bench = {
  name: 'eventstore',
  summary: 'SQLite event store vs raw better-sqlite3: append (goal ratio >= 0.5), readAll, subscribe',
  async run(args, _ctx, log) {
    const total = sizeFlag(args, 'events', 20_000, 100_000);
    return inTempDir('okapi-bench-es-', async (dir) => {
      const batches = makeBatches(total);
      const rows = batches
        .flatMap((b) => b.flatMap((r) => r.events.map((e) => ({ stream: r.stream, json: jsonOf(e) }))))
        .map((r, i) => ({ ...r, revision: i }));
      const bytes = rows.reduce((n, r) => n + r.json.length, 0) / rows.length;
      log(`${total} events of ~${Math.round(bytes)} B, ${STREAMS_PER_CALL} streams per append call`);
      const raw = rawSqliteBaseline(join(dir, 'raw.sqlite3'), rows, { iterate: true });
      const store = openSqliteEventStore({ path: join(dir, 'events.sqlite3') });
      const appendS = await timed(async () => {
        for (const b of batches) await store.append(b);
      });
      const readS = await timed(() => readAllPages(store));
      const subS = await timed(() => subscribeAll(store, total));
      await store.close();
      const f = {
        events: total,
        event_bytes: round(bytes),
        append_events_per_s: round(total / appendS),
        baseline_raw_insert_rows_per_s: round(total / raw.insertS),
        ratio_append: round(raw.insertS / appendS),
        read_all_events_per_s: round(total / readS),
        subscribe_events_per_s: round(total / subS),
        baseline_raw_iterate_rows_per_s: round(total / must(raw.iterateS, 'raw.iterateS')),
        ratio_read_all: round(must(raw.iterateS, 'raw.iterateS') / readS),
        ratio_subscribe: round(must(raw.iterateS, 'raw.iterateS') / subS),
      };
      log(
        `append ${f.append_events_per_s} ev/s vs raw ${f.baseline_raw_insert_rows_per_s} rows/s (ratio ${f.ratio_append}, goal >= 0.5)`,
      );
      log(
        `readAll ${f.read_all_events_per_s} ev/s, subscribe ${f.subscribe_events_per_s} ev/s vs raw iterate+parse ${f.baseline_raw_iterate_rows_per_s} rows/s`,
      );
      return { ...f, goal_append_met: f.ratio_append >= 0.5 };
    });
  },
};

function makeBatches(total: number): AppendRequest[][] {
  const perStream = 10;
  const calls: AppendRequest[][] = [];
  for (let n = 0; n < total; n += STREAMS_PER_CALL * perStream) {
    const call: AppendRequest[] = [];
    for (let s = 0; s < STREAMS_PER_CALL && n + s * perStream < total; s++) {
      const pageId = n / perStream + s;
      const events = Array.from({ length: Math.min(perStream, total - n - s * perStream) }, (_, i) =>
        revision(pageId, i),
      );
      call.push({ stream: pageStream('benchwiki', pageId), expectedRevision: 'no_stream', events });
    }
    calls.push(call);
  }
  return calls;
}

function revision(pageId: number, i: number): RevisionCreated {
  const data = {
    wiki: 'benchwiki',
    pageId,
    namespace: 0,
    title: `Page ${pageId}`,
    revisionId: pageId * 100 + i,
    timestamp: '2024-01-01T00:00:00Z',
    editor: { id: 5, name: 'Editor', isAnonymous: false, isBot: false },
    comment: 'edit',
    minor: false,
    sha1: `sha-${pageId}-${i}`,
    size: 400,
    text: `Revision ${i} of page ${pageId}. `.repeat(12),
    visibility: { text: true, editor: true, comment: true },
    score: { model: 'bench', probability: 0.1, prediction: false, reasons: [] },
    flag: 'ok' as const,
    isLatest: true,
    source: 'generator' as const,
    receivedAt: '2024-01-01T00:00:01Z',
  };
  return { type: 'RevisionCreated', data };
}

async function readAllPages(store: EventStore): Promise<void> {
  for (let from: Offset = toOffset(0); ; ) {
    const page = await store.readAll({ from, limit: 1000 });
    if (!page.length) return;
    from = (page[page.length - 1].offset + 1) as Offset;
  }
}

async function subscribeAll(store: EventStore, total: number): Promise<void> {
  const sub = store.subscribe(toOffset(0));
  let n = 0;
  for await (const _ of sub) if (++n === total) break;
}
