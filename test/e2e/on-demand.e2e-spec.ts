// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * On-demand API over HTTP on a running app fed with real MediaWiki XML dumps (pywikibot fixtures):
 * the article for a title is what the dump said; fields, filters and limit behave as WME's;
 * time travel returns the older revision; bad input gets 4xx WME bodies with stable codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editRevision, mediawikiSha1, readFixture } from '@okapi/adapters/sources/dump/dump-variants.fixture';
import { ifSetUp, makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { ApiHarness, startApiHarness } from '@okapi/testing/api-harness';
import { must } from '@okapi/domain';

jest.setTimeout(120_000);

const XML = realDataPath('xml');
const PEAR = join(XML, 'article-pear-0.10.xml');
const PAIR = join(XML, 'pair-0.10.xml');
/**
 * Both pages of the pair dump start as redirects, which are no articles (WME drops them). For
 * time travel over two article revisions, a test-time variant (nothing checked in) replaces the
 * first revision's redirect with the first line of the real second revision's text.
 */
const OLDER_TEXT = "'''Çullu, Agdam''' may refer to:";
function pairWithTwoArticleRevisions(dir: string): string {
  const file = join(dir, 'pair-two-article-revisions.xml');
  const xml = editRevision(readFixture('pair-0.10.xml'), 237382899, (b) =>
    b
      .replace(
        /<text xml:space="preserve" bytes="30">[^<]*<\/text>/,
        `<text xml:space="preserve" bytes="${Buffer.byteLength(OLDER_TEXT)}">${OLDER_TEXT}</text>`,
      )
      .replace(/<sha1>[^<]*<\/sha1>/, `<sha1>${mediawikiSha1(OLDER_TEXT)}</sha1>`),
  );
  writeFileSync(file, xml);
  return file;
}
/** Real WME Articles: "Squirrel" from dewiki, enwiki and ruwiki (WME Go SDK fixture). */
const WME = realDataPath('enterprise', 'articles.ndjson');
const wmeRecords = (): Article[] =>
  readFileSync(WME, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

type Article = Record<string, any>;

/** What the dump says about a page's revisions, read straight from the XML text. */
function revisionsOf(file: string, title: string): { id: number; timestamp: string; username: string; text: string }[] {
  const xml = readFileSync(file, 'utf8');
  const page = must(
    xml.split('<page>').find((p) => p.includes(`<title>${title}</title>`)),
    title,
  );
  const decode = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  return page
    .split('<revision>')
    .slice(1)
    .map((r) => ({
      id: Number(must(/<id>(\d+)<\/id>/.exec(r), '<id>')[1]),
      timestamp: must(/<timestamp>([^<]+)<\/timestamp>/.exec(r), '<timestamp>')[1],
      username: must(/<username>([^<]+)<\/username>/.exec(r), '<username>')[1],
      text: decode(must(/<text[^>]*>([\s\S]*?)<\/text>/.exec(r), '<text>')[1]),
    }));
}

describe('GET|POST /v2/articles/{name}', () => {
  let h: ApiHarness;
  let variants: TempDir;

  beforeAll(async () => {
    variants = makeTempDir('okapi-dump-variant-');
    h = await startApiHarness({ dumps: [PEAR, pairWithTwoArticleRevisions(variants.path)], snapshots: [WME] });
  });
  afterAll(async () => {
    await ifSetUp(h)?.close();
    ifSetUp(variants)?.remove();
  });

  const get = async (path: string, init?: RequestInit): Promise<{ status: number; body: any; type: string | null }> => {
    const res = await h.request(path, init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* NDJSON or empty */
    }
    return { status: res.status, body, type: res.headers.get('content-type') };
  };
  const post = (path: string, body: unknown): ReturnType<typeof get> =>
    get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('returns the article exactly as the dump recorded it: revision id, wikitext, editor', async () => {
    const [rev] = revisionsOf(PEAR, 'Pear');
    const { status, body } = await get('/v2/articles/Pear');
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    const a = body[0] as Article;
    expect(a.name).toBe('Pear');
    expect(a.identifier).toBe(24278);
    expect(a.version.identifier).toBe(rev.id);
    expect(a.version.editor.name).toBe(rev.username);
    expect(a.article_body.wikitext).toBe(rev.text);
    expect(a.is_part_of.identifier).toBe('enwiki');
    expect(a.url).toBe('https://en.wikipedia.org/wiki/Pear');
    // Dumps carry no Parsoid HTML: it is rendered from the wikitext.
    expect(a.article_body.html).toContain('Pyrus');
  });

  it('returns one article per project holding the title, each as the WME record said', async () => {
    const { status, body } = await get('/v2/articles/Squirrel');
    expect(status).toBe(200);
    const byWiki = new Map((body as Article[]).map((a) => [a.is_part_of.identifier, a]));
    expect([...byWiki.keys()].sort()).toEqual(['dewiki', 'enwiki', 'ruwiki']);
    for (const src of wmeRecords()) {
      const a = must(byWiki.get(src.is_part_of.identifier), src.is_part_of.identifier);
      expect(a.identifier).toBe(src.identifier);
      expect(a.version.identifier).toBe(src.version.identifier);
      expect(a.article_body.wikitext).toBe(src.article_body.wikitext);
      // The source supplied Parsoid HTML: served as is.
      expect(a.article_body.html).toBe(src.article_body.html);
      if (src.version.editor)
        expect(a.version.editor).toMatchObject({
          identifier: src.version.editor.identifier,
          name: src.version.editor.name,
        });
    }
    expect(byWiki.get('enwiki')?.version.editor.name).toBe('OAbot');
  });

  it('narrows a cross-project title by language and caps it with limit', async () => {
    const de = await post('/v2/articles/Squirrel', {
      filters: [{ field: 'in_language.identifier', value: 'de' }],
      fields: ['is_part_of.identifier'],
    });
    expect(de.body).toEqual([{ is_part_of: { identifier: 'dewiki' } }]);
    const two = await get('/v2/articles/Squirrel?limit=2&fields=name');
    expect(two.body).toEqual([{ name: 'Squirrel' }, { name: 'Squirrel' }]);
    const one = await post('/v2/articles/Squirrel', { limit: 1 });
    expect(one.body).toHaveLength(1);
    const bot = await post('/v2/articles/Squirrel', {
      filters: [{ field: 'version.editor.is_bot', value: true }],
      fields: ['is_part_of.identifier'],
    });
    expect(bot.body).toEqual([{ is_part_of: { identifier: 'enwiki' } }]);
  });

  it('accepts underscores and percent-encoding for the name, and serves the latest revision', async () => {
    const [, latest] = revisionsOf(PAIR, 'Çullu, Agdam');
    const { status, body } = await get(`/v2/articles/${encodeURIComponent('Çullu,_Agdam')}`);
    expect(status).toBe(200);
    expect(body[0].version.identifier).toBe(latest.id);
    expect(body[0].article_body.wikitext).toBe(latest.text);
  });

  it('answers NDJSON with Accept: application/x-ndjson', async () => {
    const res = await h.request('/v2/articles/Pear', { headers: { accept: 'application/x-ndjson' } });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).name).toBe('Pear');
  });

  it('projects fields, including wildcards, on GET and POST alike', async () => {
    const q = await get('/v2/articles/Pear?fields=name,version.identifier,is_part_of.*');
    expect(q.body).toEqual([
      {
        name: 'Pear',
        version: { identifier: 638548877 },
        is_part_of: { identifier: 'enwiki', url: 'https://en.wikipedia.org' },
      },
    ]);
    const p = await post('/v2/articles/Pear', { fields: ['name', 'namespace.*'] });
    expect(p.status).toBe(200);
    expect(p.body).toEqual([{ name: 'Pear', namespace: { identifier: 0 } }]);
  });

  it('returns a whole object for its bare name (as the WME SDK example asks), refuses unknown fields (422)', async () => {
    const obj = await post('/v2/articles/Pear', { fields: ['name', 'version'] });
    expect(obj.status).toBe(200);
    const whole = await post('/v2/articles/Pear', { fields: ['name', 'version.*'] });
    expect(obj.body).toEqual(whole.body);
    expect(Object.keys(obj.body[0].version)).toEqual(expect.arrayContaining(['identifier', 'editor', 'size']));
    const unknown = await get('/v2/articles/Pear?fields=nonsense');
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('request.invalid_fields');
  });

  it('narrows by filters and refuses unsupported fields or wrong value types', async () => {
    const en = await post('/v2/articles/Pear', {
      filters: [
        { field: 'is_part_of.identifier', value: 'enwiki' },
        { field: 'namespace.identifier', value: 0 },
      ],
    });
    expect(en.status).toBe(200);
    expect(en.body).toHaveLength(1);
    const de = await post('/v2/articles/Pear', { filters: [{ field: 'is_part_of.identifier', value: 'dewiki' }] });
    expect(de.status).toBe(404);
    expect(de.body).toMatchObject({ status: 404, code: 'article.not_found' });
    const lang = await get(
      `/v2/articles/Pear?filters=${encodeURIComponent(JSON.stringify([{ field: 'version.editor.name', value: 'ClueBot NG' }]))}`,
    );
    expect(lang.status).toBe(200);
    const other = await post('/v2/articles/Pear', {
      filters: [{ field: 'version.editor.name', value: 'Someone else' }],
    });
    expect(other.status).toBe(404);
    const unsupported = await post('/v2/articles/Pear', { filters: [{ field: 'article_body.wikitext', value: 'x' }] });
    expect(unsupported).toMatchObject({ status: 422, body: { code: 'request.invalid_filters' } });
    const wrongType = await post('/v2/articles/Pear', { filters: [{ field: 'namespace.identifier', value: 'zero' }] });
    expect(wrongType).toMatchObject({ status: 422, body: { code: 'request.invalid_filters' } });
    const notScalar = await post('/v2/articles/Pear', { filters: [{ field: 'name', value: { x: 1 } }] });
    expect(notScalar.status).toBe(422);
  });

  it('bounds limit: at most 10, at least 1, an integer', async () => {
    const over = await get('/v2/articles/Pear?limit=11');
    expect(over).toMatchObject({
      status: 422,
      body: { status: 422, message: 'limit cannot be greater than 10', code: 'request.invalid_limit' },
    });
    expect((await post('/v2/articles/Pear', { limit: 11 })).body.message).toBe('limit cannot be greater than 10');
    expect((await get('/v2/articles/Pear?limit=0')).status).toBe(422);
    expect((await get('/v2/articles/Pear?limit=abc')).body.code).toBe('request.invalid_limit');
    expect((await get('/v2/articles/Pear?limit=10')).status).toBe(200);
  });

  it('travels in time by revision id and by RFC3339 instant', async () => {
    const [older, latest] = revisionsOf(PAIR, 'Çullu, Agdam');
    const name = encodeURIComponent('Çullu, Agdam');
    const byRevision = await get(`/v2/articles/${name}?revision=${older.id}`);
    expect(byRevision.status).toBe(200);
    expect(byRevision.body[0].version.identifier).toBe(older.id);
    expect(byRevision.body[0].article_body.wikitext).toBe(OLDER_TEXT);
    expect(byRevision.body[0].version.editor.name).toBe(older.username);
    expect(byRevision.body[0].date_modified).toBe(older.timestamp);

    const between = new Date(Date.parse(latest.timestamp) - 1000).toISOString();
    const byTime = await post(`/v2/articles/${name}`, { as_of: between, fields: ['version.identifier'] });
    expect(byTime.body).toEqual([{ version: { identifier: older.id } }]);

    const now = await get(`/v2/articles/${name}?as_of=2030-01-01T00:00:00Z&fields=version.identifier`);
    expect(now.body).toEqual([{ version: { identifier: latest.id } }]);
    expect((await get(`/v2/articles/${name}`)).body[0].article_body.wikitext).toBe(latest.text);

    // Before the page existed, or while it was a redirect (the talk page's first revision): no article.
    expect((await get(`/v2/articles/${name}?as_of=2001-01-01T00:00:00Z`)).status).toBe(404);
    const [talkRedirect] = revisionsOf(PAIR, 'Talk:Çullu, Agdam');
    expect(
      (await get(`/v2/articles/${encodeURIComponent('Talk:Çullu, Agdam')}?revision=${talkRedirect.id}`)).status,
    ).toBe(404);
    expect((await get(`/v2/articles/Pear?revision=${older.id}`)).status).toBe(404);
    expect((await get('/v2/articles/Pear?as_of=yesterday')).body.code).toBe('request.invalid_as_of');
    expect((await get('/v2/articles/Pear?as_of=2020-01-01T00:00:00Z&revision=1')).body.code).toBe(
      'request.conflicting_parameters',
    );
  });

  it('answers the fast path (plain GET) with the same bytes as the Nest route, and falls back for everything else', async () => {
    const fast = await h.request('/v2/articles/Pear');
    const routed = await h.request('/v2/articles/Pear?limit=3');
    const posted = await h.request('/v2/articles/Pear', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const fastBody = await fast.text();
    expect(fastBody).toBe(await routed.text());
    expect(fastBody).toBe(await posted.text());
    expect(fast.headers.get('content-type')).toBe(routed.headers.get('content-type'));
    expect(fast.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const nd = await h.request('/v2/articles/Pear', { headers: { accept: 'application/x-ndjson' } });
    expect(await nd.text()).toBe(
      `${JSON.parse(fastBody)
        .map((d: unknown) => JSON.stringify(d))
        .join('\n')}\n`,
    );
    // Failures are the Nest route's: same WME bodies and codes.
    expect((await get('/v2/articles/Pear', { headers: { authorization: 'Bearer wrong' } })).body).toMatchObject({
      status: 401,
      code: 'auth.invalid_token',
    });
    expect((await get('/v2/articles/Missing_page')).body).toMatchObject({ status: 404, code: 'article.not_found' });
    expect((await get('/v2/articles/%E0%A4%A')).status).toBe(400);
  });

  it('refuses bad input with WME bodies and stable codes, never a stack trace', async () => {
    const badJson = await get('/v2/articles/Pear', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"limit": 3',
    });
    expect(badJson).toMatchObject({ status: 400, body: { status: 400, code: 'request.invalid_json' } });
    const big = await get('/v2/articles/Pear', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['x'.repeat(1024 * 1024)] }),
    });
    expect(big).toMatchObject({ status: 413, body: { code: 'request.body_too_large' } });
    const longName = await get(`/v2/articles/${'é'.repeat(128)}`);
    expect(longName).toMatchObject({ status: 422, body: { code: 'request.invalid_name' } });
    const unknownParam = await get('/v2/articles/Pear?lmit=3');
    expect(unknownParam).toMatchObject({ status: 422, body: { code: 'request.unknown_parameter' } });
    const arrayBody = await post('/v2/articles/Pear', [1, 2]);
    expect(arrayBody.status).toBe(422);
    for (const r of [badJson, big, longName, unknownParam, arrayBody])
      expect(JSON.stringify(r.body)).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
