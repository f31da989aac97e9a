// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { RecordRevision, must } from '@okapi/domain';
import { DumpError } from './dump.errors';
import {
  editRevision,
  lineOf,
  mediawikiSha1,
  pairWithDeletions,
  readFixture,
  truncateAfter,
  withSchemaVersion,
} from './dump-variants.fixture';
import { DumpSiteInfo } from './dump-site-info';
import { MediaWikiDumpParser } from './mediawiki-dump.parser';

const RECEIVED_AT = '2026-11-26T10:00:00.000Z';

interface Parsed {
  pages: RecordRevision[][];
  site?: DumpSiteInfo;
  error?: DumpError;
}

/** Parses `xml` fed in slices of `chunk` characters; records the error instead of throwing. */
function parse(xml: string, chunk = xml.length, file = 'test.xml', wiki?: string): Parsed {
  const out: Parsed = { pages: [] };
  const parser = new MediaWikiDumpParser({
    file,
    receivedAt: RECEIVED_AT,
    wiki,
    onRevisions: (revs, complete) => {
      if (complete) out.pages.push(revs);
    },
    onSiteInfo: (s) => (out.site = s),
  });
  try {
    for (let i = 0; i < xml.length; i += chunk) parser.write(xml.slice(i, i + chunk));
    parser.end();
  } catch (e) {
    if (!(e instanceof DumpError)) throw e;
    out.error = e;
  }
  return out;
}

const revisionIds = (p: Parsed): number[][] => p.pages.map((revs) => revs.map((r) => r.revisionId));

describe('MediaWikiDumpParser on pair-0.10.xml (pywikibot)', () => {
  const parsed = parse(readFixture('pair-0.10.xml'));

  it('reads the wiki and namespace prefixes from <siteinfo>', () => {
    expect(parsed.error).toBeUndefined();
    expect(parsed.site?.wiki).toBe('enwiki');
    expect(parsed.site?.schemaVersion).toBe('0.10');
    expect(parsed.site?.namespaces.get(1)).toBe('Talk');
    expect(parsed.site?.namespaces.get(0)).toBe('');
    expect(parsed.site?.namespaces.get(2600)).toBe('Topic');
    expect(parsed.site?.namespaces.size).toBe(31);
  });

  it('emits one page per <page> and one RecordRevision per <revision>, in file order', () => {
    expect(revisionIds(parsed)).toEqual([
      [237382899, 237383099],
      [237382916, 237383127],
    ]);
  });

  it('maps every field of a revision', () => {
    expect(parsed.pages[0][1]).toEqual({
      type: 'RecordRevision',
      wiki: 'enwiki',
      pageId: 19252820,
      source: 'dump',
      receivedAt: RECEIVED_AT,
      namespace: 0,
      title: 'Çullu, Agdam',
      revisionId: 237383099,
      parentId: 237382899,
      timestamp: '2008-09-09T22:41:28Z',
      editor: { id: 23407, name: 'Carlossuarez46', isAnonymous: false, isBot: false },
      comment: 'create dab',
      minor: false,
      sha1: 'senkho7ycefskq5d8mllalt33oxiy7v',
      size: 305,
      contentModel: 'wikitext',
      contentFormat: 'text/x-wiki',
      text: expect.stringMatching(/^'''Çullu, Agdam''' may refer to:\n\*\[\[Çullu, Quzanlı\]\]/) as unknown,
      isRedirect: false,
      visibility: { text: true, editor: true, comment: true },
    });
  });

  it('keeps titles with their namespace prefix and decodes entities once', () => {
    const talk = parsed.pages[1][0];
    expect(talk.title).toBe('Talk:Çullu, Agdam');
    expect(talk.namespace).toBe(1);
    expect(talk.comment).toBe('moved [[Talk:Çullu, Agdam]] to [[Talk:Çullu, Quzanlı]]:&#32;dab');
    expect(talk.parentId).toBeUndefined();
  });

  it('recognises redirects from their text', () => {
    expect(parsed.pages.flat().map((r) => r.isRedirect)).toEqual([true, false, true, false]);
  });

  it('reproduces each text exactly: its MediaWiki sha1 and byte size match the dump', () => {
    for (const r of parsed.pages.flat()) {
      expect(mediawikiSha1(must(r.text, 'the text'))).toBe(r.sha1);
      expect(Buffer.byteLength(must(r.text, 'the text'), 'utf8')).toBe(r.size);
    }
  });

  it('gives the same commands however the input is sliced', () => {
    expect(parse(readFixture('pair-0.10.xml'), 7).pages).toEqual(parsed.pages);
    expect(parse(readFixture('pair-0.10.xml'), 1).pages).toEqual(parsed.pages);
  });
});

describe('MediaWikiDumpParser on article-pear-0.10.xml (pywikibot)', () => {
  const parsed = parse(readFixture('article-pear-0.10.xml'), 4096);

  it('reads the single full-text revision, minor flag and bot editor', () => {
    expect(parsed.error).toBeUndefined();
    expect(revisionIds(parsed)).toEqual([[638548877]]);
    const r = parsed.pages[0][0];
    expect(r).toMatchObject({
      pageId: 24278,
      title: 'Pear',
      namespace: 0,
      parentId: 638548865,
      timestamp: '2014-12-17T21:09:18Z',
      editor: { id: 13286072, name: 'ClueBot NG', isAnonymous: false },
      minor: true,
      sha1: '1ywwm7o751gkr3fj9l7rqpl0s8o87b1',
      isRedirect: false,
    });
    expect(r.text?.endsWith('[[Category:Pyrus| ]]')).toBe(true);
    expect(mediawikiSha1(must(r.text, 'the text'))).toBe(r.sha1);
    expect(Buffer.byteLength(must(r.text, 'the text'), 'utf8')).toBe(r.size);
  });
});

describe('MediaWikiDumpParser: huge page histories', () => {
  it('hands a page over in parts once its pending text passes the limit, then closes it', () => {
    const calls: [number[], boolean][] = [];
    const parser = new MediaWikiDumpParser({
      file: 'x.xml',
      receivedAt: RECEIVED_AT,
      maxPendingTextBytes: 300,
      onRevisions: (revs, complete) => void calls.push([revs.map((r) => r.revisionId), complete]),
    });
    parser.write(readFixture('pair-0.10.xml'));
    parser.end();
    // 237383099 is 305 bytes: it alone crosses the limit; the small talk-page revisions do not.
    expect(calls).toEqual([
      [[237382899, 237383099], false],
      [[], true],
      [[237382916, 237383127], true],
    ]);
  });
});

describe('MediaWikiDumpParser: suppressed fields', () => {
  const byId = new Map(
    parse(pairWithDeletions())
      .pages.flat()
      .map((r) => [r.revisionId, r]),
  );

  it('<contributor deleted> leaves the editor fields out and marks the editor hidden', () => {
    const r = must(byId.get(237382899), 'revision 237382899');
    expect(r.editor).toEqual({ isAnonymous: false, isBot: false });
    expect(r.visibility).toEqual({ text: true, editor: false, comment: true });
    expect(r.text).toBe('#REDIRECT [[Çullu, Quzanlı]]');
  });

  it('<comment deleted> leaves the comment out and marks it hidden', () => {
    const r = must(byId.get(237383099), 'revision 237383099');
    expect('comment' in r).toBe(false);
    expect(r.visibility).toEqual({ text: true, editor: true, comment: false });
  });

  it('<text deleted> leaves the text out, keeps the size and sha1, and marks it hidden', () => {
    const r = must(byId.get(237382916), 'revision 237382916');
    expect('text' in r).toBe(false);
    expect(r.size).toBe(35);
    expect(r.sha1).toBe('co53382onr803k6tzfhpi5g83b2egxf');
    expect(r.visibility).toEqual({ text: false, editor: true, comment: true });
  });

  it('<ip> makes an anonymous editor named by the address', () => {
    expect(byId.get(237383127)?.editor).toEqual({ name: '192.0.2.7', isAnonymous: true, isBot: false });
  });
});

describe('MediaWikiDumpParser: schema versions', () => {
  it('accepts 0.11 with <origin> and extra <content> slots, reading the main slot only', () => {
    let xml = withSchemaVersion(readFixture('pair-0.10.xml'), '0.11');
    xml = editRevision(xml, 237383127, (b) =>
      b
        .replace('<model>', '<origin>237383127</origin>\n      <model>')
        .replace(
          '</sha1>',
          '</sha1>\n      <content><role>mediainfo</role><origin>237383127</origin><model>json</model><format>application/json</format><text bytes="2">{}</text></content>',
        ),
    );
    const parsed = parse(xml);
    expect(parsed.error).toBeUndefined();
    expect(parsed.site?.schemaVersion).toBe('0.11');
    const r = parsed.pages[1][1];
    expect(r).toMatchObject({ revisionId: 237383127, text: '{{DisambigProject}}', contentModel: 'wikitext', size: 19 });
  });

  it.each(['0.8', '0.9'])('accepts %s', (v) => {
    expect(revisionIds(parse(withSchemaVersion(readFixture('pair-0.10.xml'), v)))).toHaveLength(2);
  });

  it('accepts 0.4 as old dumps write it: no <dbname>, <ns>, <sha1>, <model> (filled in from <base>, titles, text)', () => {
    let xml = withSchemaVersion(readFixture('pair-0.10.xml'), '0.4');
    xml = xml
      .replace('<dbname>enwiki</dbname>', '')
      .replace(/\s*<ns>\d+<\/ns>/g, '')
      .replace(/\s*<(sha1|model|format|parentid)>[^<]*<\/\1>/g, '')
      .replace(/\s*<sha1 ?\/>/g, '');
    const parsed = parse(xml);
    expect(parsed.error).toBeUndefined();
    expect(parsed.site).toMatchObject({ wiki: 'enwiki', schemaVersion: '0.4' });
    const [article, talk] = parsed.pages;
    expect(article[0]).toMatchObject({ namespace: 0, title: 'Çullu, Agdam' });
    expect(talk[0]).toMatchObject({ namespace: 1, title: 'Talk:Çullu, Agdam' });
    for (const r of parsed.pages.flat()) expect(r.sha1).toBe(mediawikiSha1(must(r.text, 'the text')));
  });

  it.each(['0.12', '0.99', '0.3'])('refuses %s before emitting anything', (v) => {
    const parsed = parse(withSchemaVersion(readFixture('pair-0.10.xml'), v), 100, 'dumps/x.xml');
    expect(parsed.pages).toEqual([]);
    expect(parsed.error?.code).toBe('dump.unsupported_version');
    expect(parsed.error?.message).toContain(`unsupported export schema version ${v} in dumps/x.xml`);
  });

  it('refuses a document that is not a MediaWiki export', () => {
    const parsed = parse('<?xml version="1.0"?>\n<rss><channel/></rss>', 1000, 'feed.xml');
    expect(parsed.error?.message).toMatch(/^feed\.xml:2:\d+: not a MediaWiki export: root element is <rss>/);
  });
});

describe('MediaWikiDumpParser: broken input', () => {
  const pair = readFixture('pair-0.10.xml');

  it('a truncated file keeps the complete first page and names FILE:LINE:COLUMN of the end', () => {
    const cut = truncateAfter(pair, '<text xml:space="preserve" bytes="35">#REDI');
    const parsed = parse(cut, 512, 'cut.xml');
    expect(revisionIds(parsed)).toEqual([[237382899, 237383099]]);
    expect(parsed.error?.code).toBe('dump.malformed');
    expect(parsed.error?.message).toMatch(new RegExp(`^cut\\.xml:${cut.split('\n').length}:\\d+: malformed XML: `));
  });

  it('a mismatched tag fails at its line, after the pages before it', () => {
    const bad = pair.replace('<title>Talk:Çullu, Agdam</title>', '<title>Talk:Çullu, Agdam</titel>');
    const parsed = parse(bad, 300, 'bad.xml');
    expect(revisionIds(parsed)).toEqual([[237382899, 237383099]]);
    expect(parsed.error?.line).toBe(lineOf(bad, '</titel>'));
    expect(parsed.error?.message).toMatch(
      new RegExp(`^bad\\.xml:${lineOf(bad, '</titel>')}:\\d+: malformed XML: unexpected close tag`),
    );
  });

  it('a revision without an id is refused with its position', () => {
    const bad = editRevision(pair, 237382916, (b) => b.replace('<id>237382916</id>', ''));
    const parsed = parse(bad);
    expect(parsed.error?.code).toBe('dump.invalid');
    expect(parsed.error?.message).toContain('revision without <revision><id>');
  });

  it('needs a wiki id: <dbname>, else the caller-supplied one, else the wiki <base> names', () => {
    const noDb = pair.replace('<dbname>enwiki</dbname>', '');
    expect(parse(noDb).pages[0][0].wiki).toBe('enwiki'); // <base>http://en.wikipedia.org/wiki/Main_Page</base>
    expect(parse(noDb, noDb.length, 'x.xml', 'testwiki').pages[0][0].wiki).toBe('testwiki');
    const neither = noDb.replace(/<base>[^<]*<\/base>/, '<base>http://wiki.example.org/Main</base>');
    expect(parse(neither).error?.message).toContain('no <siteinfo><dbname> and no <base> naming a Wikimedia wiki');
  });
});
