// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { mapPageChange, mapRevisionVisibilityChange } from './page-change.mapper';
import { MalformedEvent, parsePageChange } from './page-change.parser';
import { PageChangeEvent } from './page-change-types';

// The one real page_change.v1 event (a move), from wmf-event-stream-sdk-go testdata.
const realMove = readFileSync(realDataPath('eventstreams', 'page-change.json'), 'utf8');
const event = (): PageChangeEvent => parsePageChange(JSON.stringify(JSON.parse(realMove)[0]));
const AT = '2026-01-01T00:00:00.000Z';

describe('mapPageChange', () => {
  it('move -> MovePage from the prior title (retires the old title), nothing for the redirect left behind', () => {
    expect(mapPageChange(event(), AT)).toEqual([
      {
        type: 'MovePage',
        wiki: 'enwiki',
        pageId: 77777155,
        source: 'eventstreams',
        receivedAt: AT,
        fromNamespace: 118,
        fromTitle: 'Draft:Varvara Prohorova',
        toNamespace: 0,
        toTitle: 'Varvara Prohorova',
        timestamp: '2024-09-12T06:58:34Z',
        revisionId: 1245305770,
        performer: expect.objectContaining({
          id: 48379723,
          name: 'Svidrigayloff',
          isAnonymous: false,
          isBot: false,
          editCount: 10,
        }),
        comment: 'Перенос черновика в основное пространство',
      },
    ]);
  });

  it('edit -> RecordRevision from the event, without text (joined from the API later)', () => {
    const [cmd] = mapPageChange({ ...event(), page_change_kind: 'edit' }, AT);
    expect(cmd).toMatchObject({
      type: 'RecordRevision',
      revisionId: 1245305770,
      parentId: 1244038894,
      title: 'Varvara Prohorova',
      namespace: 0,
      sha1: '6rpcn3pnyzo5zo1k3h92i4cry775thy',
      size: 17652,
      minor: true,
      contentModel: 'wikitext',
      isRedirect: false,
      visibility: { text: true, editor: true, comment: true },
    });
    expect(cmd).not.toHaveProperty('text');
  });

  it('hidden editor and comment are not copied; an IP editor is anonymous', () => {
    const e = event();
    const hidden = {
      ...e,
      page_change_kind: 'edit' as const,
      revision: { ...e.revision, is_editor_visible: false, is_comment_visible: false },
    };
    expect(mapPageChange(hidden, AT)[0]).toMatchObject({
      editor: { isAnonymous: false, isBot: false },
      visibility: { editor: false, comment: false },
    });
    expect(mapPageChange(hidden, AT)[0]).not.toHaveProperty('comment');
    const ip = {
      ...e,
      page_change_kind: 'edit' as const,
      revision: { ...e.revision, editor: { user_text: '203.0.113.7', is_bot: false } },
    };
    expect(mapPageChange(ip, AT)[0]).toMatchObject({ editor: { name: '203.0.113.7', isAnonymous: true } });
  });

  it('delete, undelete and visibility_change', () => {
    const e = event();
    expect(mapPageChange({ ...e, page_change_kind: 'delete' }, AT).map((c) => c.type)).toEqual(['DeletePage']);
    expect(mapPageChange({ ...e, page_change_kind: 'undelete' }, AT).map((c) => c.type)).toEqual([
      'RestorePage',
      'RecordRevision',
    ]);
    const vis = {
      ...e,
      page_change_kind: 'visibility_change' as const,
      revision: { ...e.revision, is_content_visible: false },
    };
    expect(mapPageChange(vis, AT)).toEqual([
      expect.objectContaining({
        type: 'ChangeRevisionVisibility',
        revisionId: 1245305770,
        visibility: { text: false, editor: true, comment: true },
      }),
    ]);
  });

  it('an edit that makes the page a redirect is marked isRedirect', () => {
    const e = event();
    expect(
      mapPageChange({ ...e, page_change_kind: 'edit', page: { ...e.page, is_redirect: true } }, AT)[0],
    ).toMatchObject({ isRedirect: true });
  });
});

describe('mapRevisionVisibilityChange (real mediawiki.revision-visibility-change events)', () => {
  it('maps MediaWiki revision deletion to ChangeRevisionVisibility (user -> editor)', () => {
    const real = JSON.parse(readFileSync(realDataPath('eventstreams', 'revision-visibility-change.json'), 'utf8'));
    expect(real.map((m: { data: never }) => mapRevisionVisibilityChange(m.data, AT))).toEqual([
      {
        type: 'ChangeRevisionVisibility',
        wiki: 'examplewiki',
        pageId: 123,
        source: 'eventstreams',
        receivedAt: AT,
        revisionId: 123,
        visibility: { text: false, editor: true, comment: true },
        timestamp: '2020-06-10T18:57:16Z',
      },
      {
        type: 'ChangeRevisionVisibility',
        wiki: 'wikidatawiki',
        pageId: 66132507,
        source: 'eventstreams',
        receivedAt: AT,
        revisionId: 177205614,
        visibility: { text: false, editor: true, comment: true },
        timestamp: '2020-12-02T20:01:01.611Z',
      },
    ]);
  });
});

describe('parsePageChange', () => {
  it('names what is missing', () => {
    const e = JSON.parse(realMove)[0];
    delete e.page.page_id;
    e.page_change_kind = 'purge';
    expect(() => parsePageChange(JSON.stringify(e))).toThrow(
      new MalformedEvent('unknown page_change_kind "purge"; page.page_id missing'),
    );
    expect(() => parsePageChange('[1]')).toThrow('event is not a JSON object');
    expect(() => parsePageChange('{"meta":')).toThrow(/invalid JSON/);
  });

  it('accepts a canary event without checking the rest', () => {
    expect(parsePageChange('{"meta":{"domain":"canary"}}').meta.domain).toBe('canary');
  });
});
