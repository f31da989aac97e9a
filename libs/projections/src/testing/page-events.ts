import {
  PageDeleted,
  PageMoved,
  PageRestored,
  RevisionCreated,
  RevisionCreatedData,
  RevisionsReverted,
  RevisionVisibilityChanged,
  Visibility,
} from '@okapi/domain';

/** Builders with defaults: pass only the fields a spec is about (page 1 of enwiki, "Okapi"). */
const PAGE = { wiki: 'enwiki', pageId: 1 } as const;
const AT = { source: 'test', receivedAt: '2024-05-01T12:00:01Z' } as const;

export function revision(revisionId: number, o: Partial<RevisionCreatedData> = {}): RevisionCreated {
  return {
    type: 'RevisionCreated',
    data: {
      ...PAGE,
      namespace: 0,
      title: 'Okapi',
      revisionId,
      timestamp: `2024-05-01T12:${String(revisionId % 60).padStart(2, '0')}:00Z`,
      editor: { id: 7, name: 'Example', isAnonymous: false, isBot: false },
      comment: `edit ${revisionId}`,
      minor: false,
      sha1: `sha${revisionId}`,
      size: 100 + revisionId,
      text: `text ${revisionId}`,
      visibility: { text: true, editor: true, comment: true },
      score: { model: 'test', probability: 0.1, prediction: false, reasons: [] },
      flag: 'ok',
      isLatest: true,
      ...AT,
      ...o,
    },
  };
}

export function moved(
  fromTitle: string,
  toTitle: string,
  toNamespace = 0,
  timestamp = '2024-05-01T13:00:00Z',
): PageMoved {
  return { type: 'PageMoved', data: { ...PAGE, fromNamespace: 0, fromTitle, toNamespace, toTitle, timestamp, ...AT } };
}

export function deleted(title = 'Okapi', timestamp = '2024-05-01T14:00:00Z'): PageDeleted {
  return { type: 'PageDeleted', data: { ...PAGE, namespace: 0, title, timestamp, ...AT } };
}

export function restored(title = 'Okapi', timestamp = '2024-05-01T15:00:00Z'): PageRestored {
  return { type: 'PageRestored', data: { ...PAGE, namespace: 0, title, timestamp, ...AT } };
}

export function visibilityChanged(
  revisionId: number,
  visibility: Partial<Visibility>,
  timestamp = '2024-05-01T16:00:00Z',
): RevisionVisibilityChanged {
  return {
    type: 'RevisionVisibilityChanged',
    data: {
      ...PAGE,
      revisionId,
      visibility: { text: true, editor: true, comment: true, ...visibility },
      timestamp,
      ...AT,
    },
  };
}

export function reverted(
  reverting: number,
  restored: number,
  revertedIds: number[],
  timestamp = '2024-05-01T12:59:00Z',
): RevisionsReverted {
  return {
    type: 'RevisionsReverted',
    data: {
      ...PAGE,
      revertingRevisionId: reverting,
      restoredRevisionId: restored,
      revertedRevisionIds: revertedIds,
      timestamp,
      receivedAt: AT.receivedAt,
    },
  };
}
