import {
  AppendRequest,
  decide,
  evolve,
  initialPageState,
  PageCommand,
  PageEvent,
  pageStream,
  RecordedEvent,
  RecordRevision,
  RevisionCreated,
  RevisionCreatedData,
  toOffset,
} from '@okapi/domain';
// Domain test builders are for tests only, so they stay out of the @okapi/domain front door.
import { revisionCreatedFor } from '../../domain/src/testing/page.builders';

/** A RecordRevision command with plausible defaults. */
export function aRecordRevision(overrides: Partial<Omit<RecordRevision, 'type'>> = {}): RecordRevision {
  const revisionId = overrides.revisionId ?? 1000;
  return {
    type: 'RecordRevision',
    wiki: 'enwiki',
    pageId: 1,
    namespace: 0,
    title: 'Okapi',
    revisionId,
    timestamp: '2024-05-01T12:00:00Z',
    editor: { id: 7, name: 'Example', isAnonymous: false, isBot: false },
    comment: 'test edit',
    minor: false,
    sha1: `sha${revisionId}`,
    size: 12,
    text: 'Okapi text.',
    source: 'test',
    receivedAt: '2024-05-01T12:00:01Z',
    ...overrides,
  };
}

/** A RevisionCreated with plausible defaults (those of `aRecordRevision`); pass only the fields a test is about. */
export function aRevisionCreated(overrides: Partial<RevisionCreatedData> = {}): RevisionCreated {
  const score = { model: 'test', probability: 0.1, prediction: false, reasons: [] };
  return revisionCreatedFor(aRecordRevision(overrides), score, overrides);
}

/**
 * A page of its own holding one revision, as an append to any revision of its stream: revision
 * `pageId * 10`, titled `Page <pageId>`, in `overrides.wiki` (default enwiki). For filling a store
 * with many pages.
 */
export function aPageAppend(pageId: number, overrides: Partial<RevisionCreatedData> = {}): AppendRequest {
  const revision = aRevisionCreated({ pageId, revisionId: pageId * 10, title: `Page ${pageId}`, ...overrides });
  return { stream: pageStream(revision.data.wiki, pageId), expectedRevision: 'any', events: [revision] };
}

/** Revision fields the ClickHouse views refuse (an edit count of -1 in a UInt64 column): a poison event for them. */
export const REFUSED_BY_CLICKHOUSE = {
  editor: { isAnonymous: false, isBot: false, editCount: -1 },
} as Partial<RevisionCreatedData>;

/** A page's stream (enwiki page 1) as the store holds it, decided from `commands` by the real decider. */
export function aDecidedHistory(commands: readonly PageCommand[]): RecordedEvent[] {
  let state = initialPageState();
  const events: PageEvent[] = [];
  for (const command of commands) {
    const produced = decide(command, state, { suspectThreshold: 0.5 });
    state = produced.reduce(evolve, state);
    events.push(...produced);
  }
  return events.map((e, i) => ({
    ...e,
    offset: toOffset(i + 1),
    stream: pageStream('enwiki', 1),
    streamRevision: i,
    recordedAt: i,
  }));
}
