/**
 * Test builders with defaults: a test shows only the fields that matter to it,
 * e.g. `aRecordRevision({ revisionId: 2, size: 0 })`. Defaults describe an ordinary registered
 * editor's edit on enwiki page 42 "Okapi"; timestamps advance one minute per revision id.
 */
import { ChangeRevisionVisibility, DeletePage, MovePage, RecordRevision, RestorePage } from '../commands/page.commands';
import { Editor, PageEvent, RevisionCreated, RevisionCreatedData, VandalismScore } from '../events/page.events';
import { RecordedEvent } from '../events/recorded-event';
import { toOffset } from '../shared/offset';
import { pageStream } from '../shared/stream-name';

const BASE_MS = Date.parse('2024-05-01T12:00:00Z');

/** `2024-05-01T12:00:00Z` plus `minutes` (deterministic clock for tests). */
export function at(minutes: number): string {
  return new Date(BASE_MS + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

export const anEditor = (overrides: Partial<Editor> = {}): Editor => ({
  id: 1001,
  name: 'Example editor',
  isAnonymous: false,
  isBot: false,
  groups: ['*', 'user', 'autoconfirmed'],
  editCount: 250,
  registeredAt: '2015-03-01T00:00:00Z',
  ...overrides,
});

export const anIpEditor = (overrides: Partial<Editor> = {}): Editor => ({
  name: '192.0.2.7',
  isAnonymous: true,
  isBot: false,
  ...overrides,
});

export const aBot = (overrides: Partial<Editor> = {}): Editor => ({
  id: 2002,
  name: 'ExampleBot',
  isAnonymous: false,
  isBot: true,
  groups: ['bot', '*', 'user', 'autoconfirmed'],
  editCount: 500_000,
  registeredAt: '2012-01-01T00:00:00Z',
  ...overrides,
});

export function aRecordRevision(overrides: Partial<Omit<RecordRevision, 'type'>> = {}): RecordRevision {
  const revisionId = overrides.revisionId ?? 1;
  const text = overrides.text ?? `Okapi text, revision ${revisionId}.`;
  return {
    type: 'RecordRevision',
    wiki: 'enwiki',
    pageId: 42,
    namespace: 0,
    title: 'Okapi',
    revisionId,
    timestamp: at(revisionId),
    editor: anEditor(),
    comment: `edit ${revisionId}`,
    minor: false,
    sha1: `sha1-${revisionId}`,
    size: new TextEncoder().encode(text).length,
    text,
    source: 'test',
    receivedAt: at(revisionId + 0.5),
    ...overrides,
  };
}

type CommandOverrides<C> = Partial<Omit<C, 'type'>>;

export const aDeletePage = (o: CommandOverrides<DeletePage> = {}): DeletePage => ({
  type: 'DeletePage',
  wiki: 'enwiki',
  pageId: 42,
  namespace: 0,
  title: 'Okapi',
  timestamp: at(100),
  source: 'test',
  receivedAt: at(100.5),
  ...o,
});

export const aMovePage = (o: CommandOverrides<MovePage> = {}): MovePage => ({
  type: 'MovePage',
  wiki: 'enwiki',
  pageId: 42,
  toNamespace: 0,
  toTitle: 'Okapia johnstoni',
  timestamp: at(50),
  source: 'test',
  receivedAt: at(50.5),
  ...o,
});

export const aRestorePage = (o: CommandOverrides<RestorePage> = {}): RestorePage => ({
  type: 'RestorePage',
  wiki: 'enwiki',
  pageId: 42,
  namespace: 0,
  title: 'Okapi',
  timestamp: at(200),
  source: 'test',
  receivedAt: at(200.5),
  ...o,
});

export const aVisibilityChange = (o: CommandOverrides<ChangeRevisionVisibility> = {}): ChangeRevisionVisibility => ({
  type: 'ChangeRevisionVisibility',
  wiki: 'enwiki',
  pageId: 42,
  revisionId: 1,
  visibility: { text: false, editor: true, comment: true },
  timestamp: at(300),
  source: 'test',
  receivedAt: at(300.5),
  ...o,
});

/** A RevisionCreated as the decider would emit it for `aRecordRevision(overrides)` (score neutral). */
export function aRevisionCreated(overrides: Partial<RevisionCreatedData> = {}): RevisionCreated {
  const score = { model: 'okapi-vandalism-v1', probability: 0.05, prediction: false, reasons: [] };
  return revisionCreatedFor(aRecordRevision(overrides), score, overrides);
}

/**
 * The RevisionCreated for `command` with everything visible, the latest revision, flagged ok with
 * `score`; `overrides` last. Builders with other defaults (libs/testing) wrap it too.
 */
export function revisionCreatedFor(
  command: RecordRevision,
  score: VandalismScore,
  overrides: Partial<RevisionCreatedData> = {},
): RevisionCreated {
  const { type: _type, ...data } = command;
  return {
    type: 'RevisionCreated',
    data: {
      ...data,
      visibility: { text: true, editor: true, comment: true },
      score,
      flag: 'ok',
      isLatest: true,
      ...overrides,
    },
  };
}

/** Wraps events as the store returns them: offsets from `firstOffset`, stream positions from 0. */
export function recorded<E extends PageEvent>(
  events: readonly E[],
  firstOffset = 1,
  recordedAt = BASE_MS,
): RecordedEvent<E>[] {
  return events.map((e, i) => {
    const data = e.data as { wiki: string; pageId: number };
    return {
      ...e,
      offset: toOffset(firstOffset + i),
      stream: pageStream(data.wiki, data.pageId),
      streamRevision: i,
      recordedAt: recordedAt + i,
    };
  });
}
