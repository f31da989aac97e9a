import { must } from '@okapi/domain';
import { MediaWikiApiError, parseRevisionsResponse } from './revisions-response.parser';
import { sha1HexToBase36 } from './sha1-base36';

// Shaped as action=query&prop=revisions&formatversion=2&rvslots=main answers (MediaWiki 1.4x).
const response = {
  batchcomplete: true,
  query: {
    badrevids: { '999': { revid: 999, missing: true } },
    pages: [
      {
        pageid: 4042095,
        ns: 0,
        title: 'Squirrel',
        revisions: [
          {
            revid: 10,
            parentid: 9,
            minor: true,
            user: 'A',
            userid: 7,
            timestamp: '2024-01-01T00:00:00Z',
            size: 5,
            sha1: 'aa',
            comment: 'c',
            tags: ['mobile edit'],
            slots: { main: { contentmodel: 'wikitext', contentformat: 'text/x-wiki', content: 'hello' } },
          },
          {
            revid: 11,
            parentid: 10,
            minor: false,
            userhidden: true,
            commenthidden: true,
            suppressed: true,
            timestamp: '2024-01-02T00:00:00Z',
            size: 6,
            sha1hidden: true,
            tags: [],
            slots: { main: { contentmodel: 'wikitext', contentformat: 'text/x-wiki', texthidden: true } },
          },
        ],
      },
    ],
  },
};

describe('parseRevisionsResponse', () => {
  it('reads content, tags and metadata; reports badrevids as missing', () => {
    const out = parseRevisionsResponse(JSON.stringify(response));
    expect(out).toContainEqual({ status: 'missing', revisionId: 999 });
    expect(out).toContainEqual(
      expect.objectContaining({
        status: 'ok',
        revisionId: 10,
        pageId: 4042095,
        text: 'hello',
        tags: ['mobile edit'],
        user: 'A',
        userId: 7,
        comment: 'c',
        minor: true,
        textHidden: false,
      }),
    );
  });

  it('texthidden / userhidden / commenthidden / suppressed: nothing hidden leaks', () => {
    const hidden = must(
      parseRevisionsResponse(JSON.stringify(response)).find((r) => r.revisionId === 11),
      'revision 11',
    );
    expect(hidden).toMatchObject({
      status: 'ok',
      textHidden: true,
      userHidden: true,
      commentHidden: true,
      suppressed: true,
    });
    expect(hidden).not.toHaveProperty('text');
    expect(hidden).not.toHaveProperty('user');
    expect(hidden).not.toHaveProperty('comment');
    expect(hidden).not.toHaveProperty('sha1');
  });

  it('a missing page reports its revisions as missing; API errors throw with their code', () => {
    const missing = { query: { pages: [{ ns: 0, title: 'Gone', missing: true, revisions: [{ revid: 5 }] }] } };
    expect(parseRevisionsResponse(JSON.stringify(missing))).toEqual([{ status: 'missing', revisionId: 5 }]);
    expect(() =>
      parseRevisionsResponse('{"error":{"code":"maxlag","info":"Waiting for 10.64.0.1: 6 seconds lagged"}}'),
    ).toThrow(MediaWikiApiError);
  });
});

describe('sha1HexToBase36', () => {
  it('matches MediaWiki: base 36, 31 digits, zero-padded', () => {
    // sha1("") = da39a3ee...; MediaWiki stores phoiac9h4m842xq45sp7s6u21eteeq1 for empty text.
    expect(sha1HexToBase36('da39a3ee5e6b4b0d3255bfef95601890afd80709')).toBe('phoiac9h4m842xq45sp7s6u21eteeq1');
    expect(sha1HexToBase36('not hex')).toBeUndefined();
  });
});
