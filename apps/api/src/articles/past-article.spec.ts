import { PageCommand, RecordedEvent } from '@okapi/domain';
import { aDecidedHistory, aRecordRevision } from '@okapi/testing';
import { pastArticle } from './past-article';

const REDIRECT = '#REDIRECT [[Okapia johnstoni]]';
const article = (revisionId: number): PageCommand =>
  aRecordRevision({ revisionId, parentId: revisionId - 1 || undefined, timestamp: `2024-05-0${revisionId}T12:00:00Z` });
const redirect = (revisionId: number): PageCommand =>
  ({ ...article(revisionId), isRedirect: true, text: REDIRECT }) as PageCommand;

/** The stream up to and including the event that recorded `revisionId` (time travel by revision). */
const upTo = (events: readonly RecordedEvent[], revisionId: number): RecordedEvent[] =>
  events.slice(0, events.findIndex((e) => e.type === 'RevisionCreated' && e.data.revisionId === revisionId) + 1);

const versionOf = (events: readonly RecordedEvent[]): unknown =>
  (pastArticle(events) as { version?: { identifier?: number } } | undefined)?.version?.identifier;

describe('pastArticle (time travel): redirects are no articles', () => {
  const events = aDecidedHistory([article(1), redirect(2), article(3)]);

  it('returns the article while it was one, and again once it stops being a redirect', () => {
    expect(versionOf(upTo(events, 1))).toBe(1);
    expect(versionOf(upTo(events, 3))).toBe(3);
  });

  it('returns nothing where the revision then was a redirect', () => {
    expect(pastArticle(upTo(events, 2))).toBeUndefined();
  });

  it('returns nothing for a page created as a redirect, also after it was moved', () => {
    const created = aDecidedHistory([redirect(1)]);
    expect(pastArticle(created)).toBeUndefined();
    const moved = aDecidedHistory([
      redirect(1),
      {
        type: 'MovePage',
        wiki: 'enwiki',
        pageId: 1,
        toNamespace: 0,
        toTitle: 'Okapi (animal)',
        timestamp: '2024-05-02T12:00:00Z',
        source: 'test',
        receivedAt: '2024-05-02T12:00:01Z',
      },
    ]);
    expect(moved.map((e) => e.type)).toEqual(['RevisionCreated', 'PageMoved']);
    expect(pastArticle(moved)).toBeUndefined();
  });
});
