/**
 * Derives the live-ingest replay at test time from the ONE real `mediawiki.page_change.v1` event
 * we have (`eventstreams/page-change.json`, wikimedia-enterprise/wmf-event-stream-sdk-go testdata,
 * Apache-2.0) and the real dewiki "Squirrel" WME Article (`enterprise/articles.ndjson`,
 * wme-sdk-go, Apache-2.0; CC BY-SA content), both read from OKAPI_REAL_DATA_DIR. Nothing derived
 * is checked in.
 *
 * The transcript: 14 SSE messages (`id` in EventStreams' JSON-array form, `data` one line); event 3
 * is the real event verbatim, the others are variants with changed kind, rev ids, titles, times and
 * visibility flags (create, edit, canary, a frwiki edit, a dewiki edit, visibility_change, delete,
 * undelete, an edit to a redirect, an identity revert). The Action API revisions behind it are
 * formatversion=2 page + revision objects; the enwiki texts are short invented placeholders.
 */
import { createHash } from 'node:crypto';
import { ApiRevisionFixture, readRealJson, readRealNdjson, TranscriptEvent } from '@okapi/testing';

type Json = any;

export interface ReplayFixtures {
  readonly transcript: TranscriptEvent[];
  readonly revisions: ApiRevisionFixture[];
  /** Parsoid HTML by revision id (the real dewiki "Squirrel" HTML). */
  readonly html: Record<string, string>;
}

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const base36 = (hex: string): string => BigInt(`0x${hex}`).toString(36).padStart(31, '0');
const draftText = (v: number): string =>
  `'''Varvara Prohorova''' (born 1995) is a Russian pianist.<!-- okapi fixture, version ${v} -->\n\n== Career ==\nShe studied at the Moscow Conservatory.\n\n[[Category:Russian classical pianists]]\n`;

const TEXTS: Readonly<Partial<Record<number, string>>> = {
  1244038281: draftText(1),
  1244038894: draftText(2),
  1245400001: `${draftText(3)}\n== Recordings ==\n* Chopin, Nocturnes (2023)\n`,
  1245400005: draftText(2), // identity revert to 1244038894
  1245400002: 'hidden sandbox text',
};

interface VariantOptions {
  readonly page: Json;
  readonly rev: Json;
  readonly dt: string;
  readonly wiki?: string;
  readonly domain?: string;
  readonly prior?: Json;
  readonly canary?: boolean;
  readonly visibility?: Json;
}

/** A variant of the real event: kind, page, revision and time changed; structure kept. */
function variant(real: Json, kind: string, options: VariantOptions): Json {
  const { page, rev, dt, wiki = 'enwiki', domain = 'en.wikipedia.org', prior, canary = false, visibility } = options;
  const e = clone(real);
  e.page_change_kind = kind;
  e.changelog_kind = kind === 'create' || kind === 'undelete' ? 'insert' : kind === 'delete' ? 'delete' : 'update';
  e.dt = dt;
  e.wiki_id = wiki;
  e.page = { ...e.page, ...page };
  const text = TEXTS[rev.rev_id];
  e.revision = { ...e.revision, ...rev, rev_dt: rev.rev_dt ?? dt };
  if (text !== undefined && !rev.rev_sha1) {
    e.revision.rev_sha1 = base36(sha1(text));
    e.revision.rev_size = Buffer.byteLength(text);
  }
  if (!rev.rev_parent_id) delete e.revision.rev_parent_id;
  e.revision.content_slots = {
    main: {
      ...e.revision.content_slots.main,
      content_sha1: e.revision.rev_sha1,
      content_size: e.revision.rev_size,
      origin_rev_id: rev.rev_id,
    },
  };
  Object.assign(e.revision, visibility ?? {});
  e.comment = rev.comment ?? e.revision.comment;
  delete e.created_redirect_page;
  if (prior) e.prior_state = prior;
  else delete e.prior_state;
  e.meta = {
    ...e.meta,
    domain: canary ? 'canary' : domain,
    dt,
    id: createHash('md5')
      .update(`${kind}${rev.rev_id}${dt}`)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    uri: `https://${domain}/wiki/${e.page.page_title}`,
  };
  delete e.meta.key;
  delete e.meta.offset;
  return e;
}

const SANDBOX_DELETED_REV = {
  rev_id: 1245400003,
  rev_parent_id: 1245400002,
  rev_dt: '2024-09-12T07:30:00Z',
  rev_sha1: 'phoiac9h4m842xq45sp7s6u21eteeq1',
  rev_size: 20,
  comment: 'more',
};

function events(real: Json, squirrel: Json): Json[] {
  const v = (kind: string, o: VariantOptions): Json => variant(real, kind, o);
  const draft = { page_id: 77777155, page_title: 'Draft:Varvara_Prohorova', namespace_id: 118, is_redirect: false };
  const article = { page_id: 77777155, page_title: 'Varvara_Prohorova', namespace_id: 0, is_redirect: false };
  const sandbox = { page_id: 77800001, page_title: 'Okapi_fixture_sandbox', namespace_id: 0, is_redirect: false };
  return [
    v('create', {
      page: draft,
      rev: { rev_id: 1244038281, is_minor_edit: false, comment: 'Created draft' },
      dt: '2024-09-04T18:20:11Z',
    }),
    v('edit', {
      page: draft,
      rev: { rev_id: 1244038894, rev_parent_id: 1244038281, is_minor_edit: false, comment: '' },
      dt: '2024-09-04T18:34:08Z',
    }),
    real, // the genuine move Draft:Varvara_Prohorova -> Varvara_Prohorova
    v('edit', {
      page: article,
      rev: { rev_id: 1245390000, rev_parent_id: 1245305770 },
      dt: '2024-09-12T07:00:00Z',
      canary: true,
    }),
    v('edit', {
      page: { page_id: 123, page_title: 'Écureuil', namespace_id: 0 },
      rev: { rev_id: 220000001, rev_parent_id: 219999999 },
      dt: '2024-09-12T07:01:00Z',
      wiki: 'frwiki',
      domain: 'fr.wikipedia.org',
    }),
    v('edit', {
      page: { page_id: squirrel.identifier, page_title: 'Squirrel', namespace_id: 0 },
      rev: {
        rev_id: squirrel.version.identifier,
        rev_parent_id: 180000001,
        rev_sha1: base36(sha1(squirrel.article_body.wikitext)),
        rev_size: Buffer.byteLength(squirrel.article_body.wikitext),
        comment: 'BKL',
      },
      dt: '2024-09-12T07:05:00Z',
      wiki: 'dewiki',
      domain: 'de.wikipedia.org',
    }),
    v('edit', {
      page: article,
      rev: { rev_id: 1245400001, rev_parent_id: 1245305770, is_minor_edit: false, comment: 'Recordings' },
      dt: '2024-09-12T07:10:00Z',
    }),
    v('visibility_change', {
      page: article,
      rev: { rev_id: 1245400001, rev_parent_id: 1245305770, comment: 'Recordings' },
      dt: '2024-09-12T07:20:00Z',
      visibility: { is_comment_visible: false },
    }),
    v('create', { page: sandbox, rev: { rev_id: 1245400002, comment: 'test' }, dt: '2024-09-12T07:25:00Z' }),
    v('edit', {
      page: sandbox,
      rev: {
        rev_id: 1245400003,
        rev_parent_id: 1245400002,
        rev_sha1: 'phoiac9h4m842xq45sp7s6u21eteeq1',
        rev_size: 20,
        comment: 'more',
      },
      dt: '2024-09-12T07:30:00Z',
    }),
    v('delete', { page: sandbox, rev: SANDBOX_DELETED_REV, dt: '2024-09-12T07:40:00Z' }),
    v('undelete', { page: sandbox, rev: SANDBOX_DELETED_REV, dt: '2024-09-12T07:50:00Z' }),
    v('edit', {
      page: { page_id: 77800002, page_title: 'Prohorova', namespace_id: 0, is_redirect: true },
      rev: {
        rev_id: 1245400004,
        rev_parent_id: 1245300000,
        rev_sha1: 'qz1wq4k0y6i3m0kzpz7o4t2s1x5c7bn',
        rev_size: 31,
        comment: 'Redirected page to [[Varvara Prohorova]]',
      },
      dt: '2024-09-12T07:55:00Z',
    }),
    v('edit', {
      page: article,
      rev: { rev_id: 1245400005, rev_parent_id: 1245400001, comment: 'Undid revision 1245400001' },
      dt: '2024-09-12T08:00:00Z',
    }),
  ];
}

/** An Action API (formatversion=2) page + revision object; no text = `texthidden`. */
function apiRevision(e: Json, text: string | undefined, extra: Json = {}): ApiRevisionFixture {
  const r = e.revision;
  const main = { contentmodel: 'wikitext', contentformat: 'text/x-wiki' };
  const revision: Json = {
    revid: r.rev_id,
    parentid: r.rev_parent_id ?? 0,
    minor: r.is_minor_edit,
    user: r.editor.user_text,
    userid: r.editor.user_id,
    timestamp: r.rev_dt,
    size: r.rev_size,
    sha1: text === undefined ? undefined : sha1(text),
    comment: r.comment,
    tags: r.rev_id === 1245400005 ? ['mw-undo'] : [],
    slots: { main: text === undefined ? { ...main, texthidden: true } : { ...main, content: text } },
    ...extra,
  };
  if (revision.sha1 === undefined) delete revision.sha1;
  return {
    page: { pageid: e.page.page_id, ns: e.page.namespace_id, title: e.page.page_title.replace(/_/g, ' ') },
    revision,
  };
}

let cached: ReplayFixtures | undefined;

/** The transcript and the Action API revisions behind it, derived once per test file. */
export function replayFixtures(): ReplayFixtures {
  if (cached) return cached;
  const real = (readRealJson('eventstreams', 'page-change.json') as Json[])[0];
  const squirrel = readRealNdjson('enterprise', 'articles.ndjson').find((a) => a.is_part_of.identifier === 'dewiki');
  const all = events(real, squirrel);
  const transcript = all.map((e, i) => ({
    id: JSON.stringify([
      { topic: 'eqiad.mediawiki.page_change.v1', partition: 0, timestamp: Date.parse(e.meta.dt) + i },
      { topic: 'codfw.mediawiki.page_change.v1', partition: 0, offset: -1 },
    ]),
    data: JSON.stringify(e),
  }));
  // 1245400003 is absent on purpose: deleted -> `badrevids`.
  const byRev = new Map(all.filter((e) => e !== real).map((e) => [e.revision.rev_id as number, e]));
  const revisions = [
    apiRevision(byRev.get(1244038281), TEXTS[1244038281]),
    apiRevision(byRev.get(1244038894), TEXTS[1244038894]),
    apiRevision(byRev.get(squirrel.version.identifier), squirrel.article_body.wikitext),
    apiRevision(byRev.get(1245400001), TEXTS[1245400001]),
    apiRevision(byRev.get(1245400002), undefined, { sha1hidden: true }),
    apiRevision(byRev.get(1245400005), TEXTS[1245400005]),
    apiRevision(byRev.get(220000001), 'Les écureuils sont des rongeurs.'),
  ];
  const html = { [squirrel.version.identifier]: squirrel.article_body.html as string };
  cached = { transcript, revisions, html };
  return cached;
}
