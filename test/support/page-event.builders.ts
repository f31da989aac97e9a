import { RecordRevision, RevisionCreated, RevisionCreatedData } from '@okapi/domain';
// Domain test builders are for tests only, so they stay out of the @okapi/domain front door.
import { revisionCreatedFor } from '../../libs/domain/src/testing/page.builders';

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
