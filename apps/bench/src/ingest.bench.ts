import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PageCommandHandler, START } from '@okapi/domain';
import { loadConfig } from '@okapi/adapters/config';
import { openRuntime } from '@okapi/adapters/runtime';
import { silentLog } from '@okapi/adapters/sources/plumbing';
import { EventStreamsClient } from '@okapi/adapters/sources/eventstreams';
import { EventStreamsSource } from '@okapi/adapters/sources/eventstreams';
import { SyntheticWikiGenerator } from '@okapi/adapters/sources/generator';
import { MediaWikiClient } from '@okapi/adapters/sources/mediawiki';
import { Bench, round, sizeFlag } from './bench';
import { ApiRevisionFixture, LocalMediaWikiServer, LocalSseServer, TranscriptEvent } from '@okapi/testing';

const UA = 'Okapi-bench/0.1 (local benchmark; 127.0.0.1 only)';

/**
 * `okapi bench ingest [--events N] [--quick]`: synthetic page_change events (Wikipedia-like
 * sizes) from a local SSE server, content from a local Action API server, into a fresh SQLite
 * store: parse, decide, content join and append, timed until the last id is checkpointed.
 * Same-run baseline: the SSE client + JSON.parse alone over the same stream.
 */
export const bench: Bench = {
  name: 'ingest',
  summary: 'live ingest: SSE -> parse -> content fetch -> decide -> append, vs SSE parse-only',
  async run(args, _ctx, log) {
    const n = sizeFlag(args, 'events', 1000, 5000);
    const { transcript, lookup, contentBytes, revisions } = synthesize(n);
    const sseBytes = transcript.reduce((s, e) => s + e.id.length + e.data.length + 30, 0);
    log(
      `${n} synthetic page_change events (${revisions} revisions), SSE ${(sseBytes / 1e6).toFixed(1)} MB, wikitext ${(contentBytes / 1e6).toFixed(1)} MB`,
    );
    const parseS = await parseOnly(transcript);
    log(`baseline SSE parse-only: ${round(n / parseS)} events/s, ${(sseBytes / 1e6 / parseS).toFixed(1)} MB/s`);
    const full = await fullPipeline(transcript, lookup);
    log(
      `full ingest: ${round(n / full.seconds)} events/s, ${round(revisions / full.seconds)} revisions/s, ${((sseBytes + contentBytes) / 1e6 / full.seconds).toFixed(1)} MB/s (SSE + wikitext), ${full.appended} events appended, ${full.apiRequests} API requests`,
    );
    return {
      events: n,
      events_per_s: round(n / full.seconds),
      revisions_per_s: round(revisions / full.seconds),
      mb_per_s: round((sseBytes + contentBytes) / 1e6 / full.seconds),
      content_mb_per_s: round(contentBytes / 1e6 / full.seconds),
      baseline_sse_parse_events_per_s: round(n / parseS),
      baseline_sse_parse_mb_per_s: round(sseBytes / 1e6 / parseS),
      ratio_vs_parse: round(parseS / full.seconds),
      appended: full.appended,
      api_requests: full.apiRequests,
    };
  },
};

function synthesize(n: number): {
  transcript: TranscriptEvent[];
  lookup: (id: number) => ApiRevisionFixture | undefined;
  contentBytes: number;
  revisions: number;
} {
  const gen = new SyntheticWikiGenerator({ wikis: ['enwiki', 'dewiki'], seed: 7, startTimeMs: Date.now() - n * 100 });
  const byRev = new Map<number, ApiRevisionFixture>();
  const transcript: TranscriptEvent[] = [];
  let contentBytes = 0;
  for (let i = 0; i < n; i++) {
    const { event, text } = gen.next();
    transcript.push({
      id: JSON.stringify([{ topic: 'eqiad.mediawiki.page_change.v1', partition: 0, offset: i + 1 }]),
      data: JSON.stringify(event),
    });
    if (text === undefined) continue;
    contentBytes += Buffer.byteLength(text);
    const r = event.revision;
    byRev.set(r.rev_id, {
      page: {
        pageid: event.page.page_id,
        ns: event.page.namespace_id,
        title: event.page.page_title.replace(/_/g, ' '),
      },
      revision: {
        revid: r.rev_id,
        parentid: r.rev_parent_id ?? 0,
        minor: false,
        user: r.editor?.user_text,
        timestamp: r.rev_dt,
        size: r.rev_size,
        comment: r.comment,
        tags: [],
        slots: { main: { contentmodel: 'wikitext', contentformat: 'text/x-wiki', content: text } },
      },
    });
  }
  return { transcript, lookup: (id) => byRev.get(id), contentBytes, revisions: byRev.size };
}

async function parseOnly(transcript: TranscriptEvent[]): Promise<number> {
  const sse = new LocalSseServer({ events: transcript });
  const url = await sse.start();
  const stop = new AbortController();
  const started = performance.now();
  let seen = 0;
  try {
    const client = new EventStreamsClient({ url, userAgent: UA, signal: stop.signal });
    await client.stream((batch) => {
      for (const m of batch) JSON.parse(m.data);
      seen += batch.length;
      if (seen >= transcript.length) stop.abort();
    });
    return (performance.now() - started) / 1000;
  } finally {
    stop.abort();
    await sse.stop();
  }
}

async function fullPipeline(transcript: TranscriptEvent[], lookup: (id: number) => ApiRevisionFixture | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'okapi-bench-ingest-'));
  const sse = new LocalSseServer({ events: transcript });
  const mw = new LocalMediaWikiServer({ lookup });
  const [url, api] = [await sse.start(), await mw.start()];
  const runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: dir }));
  const stop = new AbortController();
  try {
    const source = new EventStreamsSource({
      url,
      wikis: ['enwiki', 'dewiki'],
      dataDir: dir,
      userAgent: UA,
      log: silentLog,
      sink: new PageCommandHandler(runtime.eventStore, { suspectThreshold: 0.5 }),
      mediawiki: new MediaWikiClient({ apiUrlTemplate: api, userAgent: UA, signal: stop.signal }),
    });
    const started = performance.now();
    const running = source.run(stop.signal);
    const checkpoint = join(dir, 'sources', 'eventstreams.checkpoint.json');
    const lastId = transcript[transcript.length - 1].id;
    while (
      !(
        existsSync(checkpoint) &&
        (JSON.parse(readFileSync(checkpoint, 'utf8')) as { lastEventId?: string }).lastEventId === lastId
      )
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seconds = (performance.now() - started) / 1000;
    stop.abort();
    await running;
    return {
      seconds,
      appended: Number(await runtime.eventStore.head()) - Number(START),
      apiRequests: mw.requests.length,
    };
  } finally {
    stop.abort();
    await Promise.all([sse.stop(), mw.stop()]);
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
