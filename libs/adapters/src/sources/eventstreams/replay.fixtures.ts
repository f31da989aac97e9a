import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiRevisionFixture } from '../mediawiki/local-mediawiki.server';
import { TranscriptEvent } from './local-sse.server';

/**
 * Test fixtures for live ingest (test/fixtures/eventstreams, test/fixtures/mediawiki): the SSE
 * transcript derived from the real page_change event, and the Action API revisions behind it.
 */
const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures');

export function pageChangeTranscript(): TranscriptEvent[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'eventstreams', 'page-change.transcript.json'), 'utf8')) as TranscriptEvent[];
}

export function mediawikiRevisions(): (revId: number) => ApiRevisionFixture | undefined {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'mediawiki', 'revisions.json'), 'utf8')) as {
    revisions: ApiRevisionFixture[];
    html: Record<string, string>;
  };
  const byId = new Map(raw.revisions.map((r) => [r.revision.revid, { ...r, html: raw.html[String(r.revision.revid)] }]));
  return (revId) => byId.get(revId);
}
