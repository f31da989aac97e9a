/**
 * Action API answers (formatversion=2) for the enwiki page "Squirrel" and its editor, produced at
 * test time from the real WME record of that page (`enterprise/articles.ndjson`, wme-sdk-go
 * testdata, Apache-2.0; CC BY-SA content, read from OKAPI_REAL_DATA_DIR): what `prop=info|
 * pageprops|redirects|wbentityusage|pageimages` and `list=users` return, in their real shapes
 * (`protection[]`, `watchers`, `pageprops.wikibase_item`, `redirects[{ns,title}]`,
 * `wbentityusage{id:{aspects}}`, `original{source,width,height}`, `users[{userid,name,editcount,
 * registration,groups}]`). The redirects come in two parts joined by `continue`, as a long list
 * does. Live ingest fed with these must give back the record's fields (page-info-fetcher.int-spec).
 */
import { readRealNdjson } from '@okapi/testing';
import { must } from '@okapi/domain';

type Json = any;

export function realEnwikiSquirrel(): Json {
  return readRealNdjson('enterprise', 'articles.ndjson').find((a) => a.is_part_of.identifier === 'enwiki');
}

/** The answer to a page-info query: page 1 of 2 unless `rdcontinue` is set. */
export function pageInfoAnswer(params: URLSearchParams): Json {
  const a = realEnwikiSquirrel();
  const ids = (params.get('pageids') ?? '').split('|').map(Number);
  const redirects = (a.redirects as { name: string }[]).map((r) => ({ ns: 0, title: r.name }));
  const half = Math.ceil(redirects.length / 2);
  const second = params.get('rdcontinue') === 'squirrel-rd-2';
  const page: Json = { pageid: a.identifier, ns: 0, title: a.name };
  if (second) page.redirects = redirects.slice(half);
  else
    Object.assign(page, {
      contentmodel: 'wikitext',
      pagelanguage: 'en',
      pagelanguagehtmlcode: 'en',
      pagelanguagedir: 'ltr',
      touched: '2023-08-24T01:14:50Z',
      lastrevid: a.version.identifier,
      length: a.version.size.value,
      protection: a.protection,
      restrictiontypes: ['edit', 'move'],
      watchers: a.watchers_count,
      pageprops: { wikibase_item: a.main_entity.identifier },
      redirects: redirects.slice(0, half),
      wbentityusage: Object.fromEntries(
        (a.additional_entities as { identifier: string; aspects: string[] }[]).map((e) => [
          e.identifier,
          { aspects: e.aspects },
        ]),
      ),
      original: { source: a.image.content_url, width: a.image.width, height: a.image.height },
      // The page's {{short description}} (its wikitext holds it), as prop=description answers.
      description: must(
        /\{\{short description\|([^}]*)\}\}/i.exec(a.article_body.wikitext),
        'the short description',
      )[1],
      descriptionsource: 'local',
    });
  const pages = [
    page,
    ...ids.filter((id) => id !== a.identifier).map((id) => ({ pageid: id, ns: 0, title: `Page ${id}`, missing: true })),
  ];
  if (!ids.includes(a.identifier)) return { batchcomplete: true, query: { pages: pages.slice(1) } };
  return {
    ...(second ? { batchcomplete: true } : { continue: { rdcontinue: 'squirrel-rd-2', continue: '||' } }),
    query: { pages: second ? [page] : pages },
  };
}

export function usersAnswer(params: URLSearchParams): Json {
  const e = realEnwikiSquirrel().version.editor;
  const ids = (params.get('ususerids') ?? '').split('|').map(Number);
  return {
    batchcomplete: true,
    query: {
      users: ids.map((id) =>
        id === e.identifier
          ? {
              userid: e.identifier,
              name: e.name,
              editcount: e.edit_count,
              registration: e.date_started,
              groups: e.groups,
            }
          : { userid: id, missing: true },
      ),
    },
  };
}
