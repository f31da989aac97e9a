// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PageCommandHandler, RecordedEvent, RevisionCreated, START, must } from '@okapi/domain';
import {
  ConnectionScript,
  LocalMediaWikiServer,
  LocalMediaWikiServerOptions,
  LocalSseServer,
  makeTempDir,
  TempDir,
  TranscriptEvent,
  waitFor,
} from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openRuntime } from '../../runtime/open-runtime';
import { Runtime } from '../../runtime/runtime';
import { MediaWikiClient } from '../mediawiki/mediawiki-api.client';
import { CommandSink } from '@okapi/domain';
import { silentLog } from '../plumbing/source-log';
import { EventStreamsSource } from './eventstreams.source';
import { eventKeys as keys, mediawikiRevisions, pageChangeTranscript, TRANSCRIPT_EVENT_KEYS } from './replay.fixture';

// Jest 29 ignores the per-project testTimeout in jest.config; real servers can be slow on a busy box.
jest.setTimeout(60_000);

const UA = 'Okapi-test/0.1 (https://example.org/okapi; ops@example.org)';
const transcript = pageChangeTranscript();
const lookup = mediawikiRevisions();

interface Run {
  readonly events: RecordedEvent[];
  readonly source: EventStreamsSource;
  readonly sse: LocalSseServer;
  readonly mw: LocalMediaWikiServer;
  readonly dir: string;
}

/** Replays `events` through a real source into a real SQLite store until the last id is checkpointed. */
async function ingest(
  tmp: TempDir,
  opts: {
    events?: TranscriptEvent[];
    script?: ConnectionScript[];
    mw?: Partial<LocalMediaWikiServerOptions>;
    idleTimeoutMs?: number;
    fetchHtml?: boolean;
    since?: string;
    wrapSink?: (s: CommandSink) => CommandSink;
  } = {},
): Promise<Run> {
  const events = opts.events ?? transcript;
  const sse = new LocalSseServer({ events, script: opts.script });
  const mw = new LocalMediaWikiServer({ lookup, ...opts.mw });
  const [url, api] = [await sse.start(), await mw.start()];
  const runtime: Runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: tmp.path }));
  const stop = new AbortController();
  const source = new EventStreamsSource({
    url,
    wikis: ['enwiki', 'dewiki'],
    dataDir: tmp.path,
    userAgent: UA,
    log: silentLog,
    sink: (opts.wrapSink ?? ((x) => x))(new PageCommandHandler(runtime.eventStore, { suspectThreshold: 0.5 })),
    mediawiki: new MediaWikiClient({
      apiUrlTemplate: api,
      userAgent: UA,
      backoff: { initialMs: 20, maxMs: 100 },
      fetchHtml: opts.fetchHtml,
      signal: stop.signal,
    }),
    idleTimeoutMs: opts.idleTimeoutMs ?? 5000,
    backoff: { initialMs: 20, maxMs: 200 },
    since: opts.since,
  });
  const running = source.run(stop.signal);
  const checkpoint = join(tmp.path, 'sources', 'eventstreams.checkpoint.json');
  const lastId = events[events.length - 1].id;
  try {
    await waitFor(() => existsSync(checkpoint) && JSON.parse(readFileSync(checkpoint, 'utf8')).lastEventId === lastId, {
      timeoutMs: 15000,
      message: 'last id checkpointed',
    });
  } finally {
    stop.abort();
    await running;
    await Promise.all([sse.stop(), mw.stop()]);
  }
  const all = await runtime.eventStore.readAll({ from: START, limit: 10_000 });
  await runtime.close();
  return { events: all, source, sse, mw, dir: tmp.path };
}

const revision = (run: Run, id: number): RevisionCreated['data'] | undefined =>
  (run.events.find((e) => e.type === 'RevisionCreated' && e.data.revisionId === id) as RevisionCreated | undefined)
    ?.data;

describe('EventStreamsSource (real SSE + Action API servers on 127.0.0.1, real SQLite)', () => {
  let tmp: TempDir;
  let clean: Run;
  beforeAll(async () => {
    const dir = makeTempDir('okapi-es-clean-');
    clean = await ingest(dir);
    dir.remove();
  });
  beforeEach(() => (tmp = makeTempDir('okapi-es-')));
  afterEach(() => tmp.remove());

  it('maps the transcript to exactly the expected events', () => {
    expect(keys(clean.events)).toEqual(TRANSCRIPT_EVENT_KEYS);
    expect(clean.source.stats).toMatchObject({
      received: 14,
      dropped: 2,
      deadLettered: 0,
      duplicates: 1,
      appended: 13,
      reconnects: 0,
    });
    expect(clean.source.stats.lagSeconds).toBeGreaterThan(3600); // the fixture's events are from 2024
  });

  it('joins real content, honours hidden/deleted revisions and redirects, and batches API calls', () => {
    const squirrel = must(revision(clean, 181072077), 'revision 181072077');
    expect(squirrel.text).toContain("'''Squirrel'''");
    expect(squirrel.title).toBe('Squirrel');
    expect(revision(clean, 1244038281)).toMatchObject({
      title: 'Draft:Varvara Prohorova',
      namespace: 118,
      editor: { name: 'Svidrigayloff', id: 48379723 },
    });
    expect(revision(clean, 1245400005)?.tags).toEqual(['mw-undo']);
    const hidden = must(revision(clean, 1245400002), 'revision 1245400002');
    expect([hidden.text, hidden.visibility.text]).toEqual([undefined, false]);
    expect(revision(clean, 1245400003)?.text).toBeUndefined(); // badrevids: deleted since
    expect(revision(clean, 1245400004)).toMatchObject({ isRedirect: true });
    const asked = clean.mw.requests.flatMap((r) => r.revids);
    expect(asked).not.toContain(1245400004); // redirects are not fetched
    expect(asked).not.toContain(220000001); // frwiki is not followed
    expect(clean.mw.requests.every((r) => r.revids.length <= 50 && r.userAgent === UA)).toBe(true);
    expect(clean.sse.connections[0]).toMatchObject({ userAgent: UA, lastEventId: undefined });
  });

  it('server closes mid-event: resumes with Last-Event-ID, nothing lost or duplicated', async () => {
    const run = await ingest(tmp, { script: [{ closeMidEventAfter: 5 }] });
    expect(keys(run.events)).toEqual(keys(clean.events));
    expect(run.sse.connections[1].lastEventId).toBe(transcript[4].id);
    expect(run.source.stats.reconnects).toBe(1);
  });

  it('server goes silent: the idle timeout reconnects', async () => {
    const run = await ingest(tmp, { script: [{ silentAfter: 6 }], idleTimeoutMs: 300 });
    expect(keys(run.events)).toEqual(keys(clean.events));
    expect(run.sse.connections[1].lastEventId).toBe(transcript[5].id);
  });

  it('429 with Retry-After: waits as told, then recovers', async () => {
    const started = Date.now();
    const run = await ingest(tmp, { script: [{ status: 429, retryAfterSeconds: 1 }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.sse.connections).toHaveLength(2);
    expect(run.sse.connections[1].at - run.sse.connections[0].at).toBeGreaterThanOrEqual(1000);
    expect(keys(run.events)).toEqual(keys(clean.events));
  });

  it('503 with Retry-After mid-stream: waits as told (not the short backoff), resumes after the last id', async () => {
    const run = await ingest(tmp, { script: [{ closeAfter: 5 }, { status: 503, retryAfterSeconds: 1 }] });
    const [, refused, resumed] = run.sse.connections;
    expect(run.sse.connections).toHaveLength(3);
    expect(resumed.at - refused.at).toBeGreaterThanOrEqual(1000); // the backoff alone would be <= 200 ms
    expect([refused.lastEventId, resumed.lastEventId]).toEqual([transcript[4].id, transcript[4].id]);
    expect(keys(run.events)).toEqual(keys(clean.events));
    expect(run.source.stats).toMatchObject({ reconnects: 2, appended: 13, duplicates: 1 });
  });

  it('a malformed JSON line is dead-lettered with its id and the stream goes on', async () => {
    const bad = {
      id: '[{"topic":"eqiad.mediawiki.page_change.v1","partition":0,"timestamp":1}]',
      data: '{"$schema":"/mediawiki/page/change/1.2.0","meta":{',
    };
    const run = await ingest(tmp, { events: [...transcript.slice(0, 5), bad, ...transcript.slice(5)] });
    expect(keys(run.events)).toEqual(keys(clean.events));
    const letters = readFileSync(join(run.dir, 'dead-letter', 'eventstreams.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(letters).toEqual([
      expect.objectContaining({ id: bad.id, raw: bad.data, reason: expect.stringContaining('invalid JSON') }),
    ]);
    expect(run.source.stats.deadLettered).toBe(1);
  });

  it('the content API fails for one batch, then recovers: every revision still has its text', async () => {
    const run = await ingest(tmp, { mw: { failRequests: 1, failStatus: 503, retryAfterSeconds: 0 } });
    expect(keys(run.events)).toEqual(keys(clean.events));
    expect(run.mw.requests[0].status).toBe(503);
    expect(revision(run, 1244038281)?.text).toBe(revision(clean, 1244038281)?.text);
    const withText = (r: Run): number =>
      r.events.filter((e) => e.type === 'RevisionCreated' && e.data.text !== undefined).length;
    expect(withText(run)).toBe(5);
    expect(withText(clean)).toBe(5);
  });

  it('an append that fails mid-stream restarts from the checkpoint: nothing lost, nothing twice', async () => {
    let calls = 0;
    const flaky = (sink: CommandSink): CommandSink => ({
      handle: async (commands) => {
        if (++calls === 2) throw new Error('disk I/O error (injected)');
        return sink.handle(commands);
      },
    });
    const run = await ingest(tmp, { wrapSink: flaky, script: [{ closeAfter: 3 }] });
    expect(calls).toBeGreaterThan(2);
    expect(keys(run.events)).toEqual(keys(clean.events));
  });

  it('restarting from the checkpoint appends nothing twice', async () => {
    await ingest(tmp, { events: transcript.slice(0, 8) });
    const again = await ingest(tmp);
    expect(keys(again.events)).toEqual(keys(clean.events));
    expect(again.sse.connections[0].lastEventId).toBe(transcript[7].id);
  });

  it('without a checkpoint, ?since= picks the start; once an id exists it is never sent again', async () => {
    const run = await ingest(tmp, { since: '2024-09-12T07:40:00Z', script: [{ closeAfter: 1 }] });
    expect(run.sse.connections[0]).toMatchObject({ since: '2024-09-12T07:40:00Z', lastEventId: undefined });
    expect(run.sse.connections[1]).toMatchObject({ since: undefined, lastEventId: transcript[10].id });
    expect(keys(run.events)).toEqual([
      'RevisionCreated page-enwiki-77777155 1245400005',
      'PageDeleted page-enwiki-77800001 ',
      'PageRestored page-enwiki-77800001 1245400003',
      'RevisionCreated page-enwiki-77800001 1245400003',
      'RevisionCreated page-enwiki-77800002 1245400004',
    ]);
  });

  it('OKAPI_FETCH_HTML: adds Parsoid HTML where the wiki has it', async () => {
    const run = await ingest(tmp, { fetchHtml: true });
    expect(revision(run, 181072077)?.html).toMatch(/^<!DOCTYPE html>/);
    expect(revision(run, 1244038281)?.html).toBeUndefined(); // 404: recorded without HTML
  });
});
