import { RecordedEvent } from '@okapi/domain';
import { replayFixtures } from './replay-transcript.fixture';
import { ApiRevisionFixture, TranscriptEvent } from '@okapi/testing';

/**
 * Test fixtures for live ingest, derived at test time from the real data in OKAPI_REAL_DATA_DIR
 * (replay-transcript.fixture.ts): the SSE transcript built around the real page_change event, and
 * the Action API revisions behind it.
 */
export function pageChangeTranscript(): TranscriptEvent[] {
  return replayFixtures().transcript;
}

export function mediawikiRevisions(): (revId: number) => ApiRevisionFixture | undefined {
  const raw = replayFixtures();
  const byId = new Map(
    raw.revisions.map((r) => [r.revision.revid, { ...r, html: raw.html[String(r.revision.revid)] }]),
  );
  return (revId) => byId.get(revId);
}

/** What identifies an event for "nothing lost, nothing duplicated". */
function eventKey(e: RecordedEvent): string {
  const d = e.data as unknown as Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- ids are numbers, titles strings
  return `${e.type} ${e.stream} ${String(d.revisionId ?? d.revertingRevisionId ?? d.toTitle ?? '')}`;
}

/**
 * Event keys grouped by stream, in stream order. Order is guaranteed per page; across pages it
 * depends on how network reads cut the stream into batches.
 */
export function eventKeys(events: readonly RecordedEvent[]): string[] {
  return [...events]
    .sort((a, b) => a.stream.localeCompare(b.stream) || a.streamRevision - b.streamRevision)
    .map(eventKey);
}

/** `eventKeys` of what the whole transcript must ingest to, each event exactly once. */
export const TRANSCRIPT_EVENT_KEYS: readonly string[] = [
  'RevisionCreated page-dewiki-4042095 181072077',
  'RevisionCreated page-enwiki-77777155 1244038281',
  'RevisionCreated page-enwiki-77777155 1244038894',
  'PageMoved page-enwiki-77777155 1245305770',
  'RevisionCreated page-enwiki-77777155 1245400001',
  'RevisionVisibilityChanged page-enwiki-77777155 1245400001',
  'RevisionCreated page-enwiki-77777155 1245400005',
  'RevisionsReverted page-enwiki-77777155 1245400005',
  'RevisionCreated page-enwiki-77800001 1245400002',
  'RevisionCreated page-enwiki-77800001 1245400003',
  'PageDeleted page-enwiki-77800001 ',
  'PageRestored page-enwiki-77800001 1245400003',
  'RevisionCreated page-enwiki-77800002 1245400004',
];
