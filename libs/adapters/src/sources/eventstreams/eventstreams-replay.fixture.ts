import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, PageCommandHandler } from '@okapi/domain';
import { LocalMediaWikiServer, LocalSseServer, waitFor } from '@okapi/testing';
import { MediaWikiClient } from '../mediawiki/mediawiki-api.client';
import { silentLog } from '../plumbing/source-log';
import { EventStreamsSource } from './eventstreams.source';
import { mediawikiRevisions, pageChangeTranscript } from './replay.fixture';

const UA = 'Okapi-test/0.1 (https://example.org/okapi; ops@example.org)';

/**
 * The live source, replayed: the recorded EventStreams page_change transcript (built around the
 * real event, replay-transcript.fixture.ts) served as SSE on 127.0.0.1, revision content from a
 * local MediaWiki Action API replay, followed by the real EventStreamsSource into `store` until
 * the transcript's last id is checkpointed. Resolves with the source's counters.
 */
export async function replayEventStreams(
  store: EventStore,
  dataDir: string,
  opts: { suspectThreshold?: number; timeoutMs?: number } = {},
): Promise<EventStreamsSource['stats']> {
  const events = pageChangeTranscript();
  const sse = new LocalSseServer({ events });
  const mw = new LocalMediaWikiServer({ lookup: mediawikiRevisions() });
  const [url, api] = [await sse.start(), await mw.start()];
  const stop = new AbortController();
  const source = new EventStreamsSource({
    url,
    wikis: ['enwiki', 'dewiki'],
    dataDir,
    userAgent: UA,
    log: silentLog,
    sink: new PageCommandHandler(store, { suspectThreshold: opts.suspectThreshold ?? 0.5 }),
    mediawiki: new MediaWikiClient({
      apiUrlTemplate: api,
      userAgent: UA,
      backoff: { initialMs: 20, maxMs: 100 },
      signal: stop.signal,
    }),
    idleTimeoutMs: 5000,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  const running = source.run(stop.signal);
  const checkpoint = join(dataDir, 'sources', 'eventstreams.checkpoint.json');
  const lastId = events[events.length - 1].id;
  try {
    await waitFor(() => existsSync(checkpoint) && JSON.parse(readFileSync(checkpoint, 'utf8')).lastEventId === lastId, {
      timeoutMs: opts.timeoutMs ?? 30_000,
      message: 'the transcript replayed up to its last id',
    });
  } finally {
    stop.abort();
    await running;
    await Promise.all([sse.stop(), mw.stop()]);
  }
  return source.stats;
}
