import { PageCommand } from '../commands/page.commands';
import { initialPageState } from '../page/page.state';
import {
  aDeletePage,
  aMovePage,
  aRecordRevision,
  aRestorePage,
  aVisibilityChange,
  at,
  recorded,
  run,
  stateFrom,
} from '../testing';
import { announcedEventType } from './article-announcement';
import { toArticles } from './article.mapper';
import { Article } from './article-types';

const REDIRECT_TEXT = '#REDIRECT [[Okapia johnstoni]]';
const toRedirect = (revisionId: number, o: Partial<Parameters<typeof aRecordRevision>[0]> = {}) =>
  aRecordRevision({ revisionId, parentId: revisionId - 1, isRedirect: true, text: REDIRECT_TEXT, ...o });

/** Every Article each event announces, in order, with the announcement the views see. */
function announcements(
  commands: PageCommand[],
): { type: string; articles: Article[]; announced: string | undefined }[] {
  let state = initialPageState();
  return recorded(run(commands).events).map((e) => {
    state = stateFrom([e], state);
    return { type: e.type, articles: toArticles(state, e), announced: announcedEventType(state, e) };
  });
}

const eventTypes = (list: ReturnType<typeof announcements>) => list.map((a) => a.articles.map((x) => x.event?.type));

describe('WME Article mapping: redirects (WME sends a delete when an edit makes a page a redirect)', () => {
  it('an article turned into a redirect announces a delete skeleton, not an update', () => {
    const list = announcements([aRecordRevision({ revisionId: 1 }), toRedirect(2)]);
    expect(eventTypes(list)).toEqual([['create'], ['delete']]);
    const [del] = list[1].articles;
    expect(del).toMatchObject({
      name: 'Okapi',
      identifier: 42,
      url: 'https://en.wikipedia.org/wiki/Okapi',
      version: { identifier: 2 },
      date_modified: at(2),
    });
    expect(del).not.toHaveProperty('article_body');
    expect(del).not.toHaveProperty('abstract');
    expect(list[1].announced).toBe('delete');
  });

  it('a later non-redirect revision brings the article back as a create; then updates again', () => {
    const list = announcements([
      aRecordRevision({ revisionId: 1 }),
      toRedirect(2),
      aRecordRevision({ revisionId: 3, parentId: 2 }),
      aRecordRevision({ revisionId: 4, parentId: 3 }),
    ]);
    expect(eventTypes(list)).toEqual([['create'], ['delete'], ['create'], ['update']]);
    expect(list[2].articles[0]).toMatchObject({
      version: { identifier: 3 },
      article_body: { wikitext: 'Okapi text, revision 3.' },
    });
  });

  it('editing a redirect that stays a redirect announces nothing', () => {
    const list = announcements([
      aRecordRevision({ revisionId: 1 }),
      toRedirect(2),
      toRedirect(3, { text: '#REDIRECT [[Okapi (animal)]]' }),
    ]);
    expect(eventTypes(list)).toEqual([['create'], ['delete'], []]);
    expect(list[2].announced).toBeUndefined();
  });

  it('a page created as a redirect, or first seen as one (a dump), is no article: nothing to delete', () => {
    expect(
      eventTypes(announcements([aRecordRevision({ revisionId: 1, isRedirect: true, text: REDIRECT_TEXT })])),
    ).toEqual([[]]);
    expect(eventTypes(announcements([toRedirect(9)]))).toEqual([[]]);
    // ... and becoming an article is its creation.
    expect(eventTypes(announcements([toRedirect(9), aRecordRevision({ revisionId: 10, parentId: 9 })]))).toEqual([
      [],
      ['create'],
    ]);
  });

  it('a late (older) redirect revision does not end the current article', () => {
    const list = announcements([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({ revisionId: 3, parentId: 2 }),
      toRedirect(2),
    ]);
    expect(eventTypes(list)).toEqual([['create'], ['update'], []]);
  });

  it('delete, move, restore and visibility changes of a redirect page announce nothing', () => {
    const list = announcements([
      aRecordRevision({ revisionId: 1 }),
      toRedirect(2),
      aVisibilityChange({ revisionId: 2, timestamp: at(40) }),
      aMovePage({ toTitle: 'Okapi (redirect)', timestamp: at(50) }),
      aDeletePage({ title: 'Okapi (redirect)', timestamp: at(100) }),
      aRestorePage({ title: 'Okapi (redirect)', timestamp: at(200) }),
    ]);
    expect(list.map((a) => a.type)).toEqual([
      'RevisionCreated',
      'RevisionCreated',
      'RevisionVisibilityChanged',
      'PageMoved',
      'PageDeleted',
      'PageRestored',
    ]);
    expect(eventTypes(list)).toEqual([['create'], ['delete'], [], [], [], []]);
    expect(list.slice(2).map((a) => a.announced)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('an edit on a deleted page that is a redirect restores the page but announces only what is an article', () => {
    const list = announcements([
      aRecordRevision({ revisionId: 1 }),
      aDeletePage({ timestamp: at(100) }),
      toRedirect(150),
    ]);
    expect(list.map((a) => a.type)).toEqual(['RevisionCreated', 'PageDeleted', 'PageRestored', 'RevisionCreated']);
    // The restore brings the article back (its current revision is still 1), the redirect then ends it.
    expect(eventTypes(list)).toEqual([['create'], ['delete'], ['create'], ['delete']]);
  });
});
