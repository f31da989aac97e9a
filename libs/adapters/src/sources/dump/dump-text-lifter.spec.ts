import { RecordRevision } from '@okapi/domain';
import { writeSyntheticDump } from './synthetic-dump-generator';
import { DumpError } from './dump.errors';
import { MediaWikiDumpParser } from './mediawiki-dump.parser';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCharData, geometryOf } from './xml-char-data';

/** Every text the fast path must decode exactly as saxes does, or leave to saxes. */
function parse(xml: string, chunk: number, liftText: boolean): { texts: (string | undefined)[]; error?: string } {
  const texts: (string | undefined)[] = [];
  const parser = new MediaWikiDumpParser({
    file: 't.xml',
    receivedAt: '2026-01-01T00:00:00.000Z',
    liftText,
    onRevisions: (revs: RecordRevision[]) => revs.forEach((r) => texts.push(r.text)),
  });
  try {
    for (let i = 0; i < xml.length; i += chunk) parser.write(xml.slice(i, i + chunk));
    parser.end();
  } catch (e) {
    if (!(e instanceof DumpError)) throw e;
    return { texts, error: e.message };
  }
  return { texts };
}

function dump(...texts: string[]): string {
  const revisions = texts
    .map(
      (t, i) =>
        `    <revision>\n      <id>${i + 1}</id>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n${t}\n    </revision>\n`,
    )
    .join('');
  return (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n' +
    '  <siteinfo><dbname>testwiki</dbname></siteinfo>\n' +
    `  <page>\n    <title>T</title>\n    <ns>0</ns>\n    <id>7</id>\n${revisions}  </page>\n</mediawiki>\n`
  );
}

const text = (body: string, attrs = ' xml:space="preserve"'): string => `      <text${attrs}>${body}</text>`;

/** Parsed with every chunk size in `sizes`, the fast path agrees with saxes alone, error messages included. */
function expectSameAsSaxes(xml: string, sizes = [1, 2, 3, 5, 7, 11, 64, 4096, xml.length]): void {
  const reference = parse(xml, xml.length, false);
  for (const size of sizes) expect({ size, ...parse(xml, size, true) }).toEqual({ size, ...reference });
}

describe('DumpTextLifter (the dump parser fast path) against saxes alone', () => {
  it('decodes the predefined entities and character references', () => {
    const xml = dump(text('a &lt;ref&gt; &amp;amp; &quot;q&quot; &apos;s&apos; &#233; &#x1F600; &#x9;tab'));
    expectSameAsSaxes(xml);
    expect(parse(xml, 3, true).texts).toEqual(['a <ref> &amp; "q" \'s\' é 😀 \ttab']);
  });

  it('keeps multi-line wikitext, empty and self-closing texts, and stub references', () => {
    expectSameAsSaxes(
      dump(
        text('line 1\n== H ==\n* item\n\n{{Infobox|a=b}}\n'),
        text(''),
        '      <text bytes="0" />',
        '      <text bytes="12" id="99" />',
        text('😀 astral\nand on'),
      ),
    );
  });

  it('leaves CDATA, comments, CR line ends and forbidden characters to saxes', () => {
    expectSameAsSaxes(
      dump(
        text('before <![CDATA[ <b>raw</b> & ]]> after'),
        text('x <!-- c --> y'),
        text('windows\r\nline ends\rand old Mac'),
        text('C1 \u0085 control and LS \u2028'),
      ),
    );
  });

  it('ignores "<text" inside comments and CDATA of other elements', () => {
    const xml = dump(
      '      <comment><![CDATA[<text>not a text</text>]]></comment>\n' + text('real'),
      '      <!-- <text>commented</text> -->\n' + text('also real'),
    );
    expectSameAsSaxes(xml);
    expect(parse(xml, 5, true).texts).toEqual(['real', 'also real']);
  });

  it('reports the same FILE:LINE:COLUMN as saxes for errors after lifted text', () => {
    expectSameAsSaxes(dump(text('one\ntwo\nthree 😀😀') + ' <bad attr>'));
    expectSameAsSaxes(dump(text('one line') + text('two 😀') + ' </wrong>'));
    expectSameAsSaxes(dump(text('x\ny') + '<!-- c -->' + text('on the same line') + ' <bad attr>'));
    expectSameAsSaxes(dump(text('a\nlong last line'), text('short') + ' <bad attr>'));
    expectSameAsSaxes(dump(text('unknown &nbsp; entity')));
    expectSameAsSaxes(dump(text('bad ref &#0; here')));
    expectSameAsSaxes(dump(text('forbidden \u0001 char')));
    expectSameAsSaxes(dump(text('ends ]]> here')));
    expectSameAsSaxes(dump(text('cut short\nin the middle')).slice(0, -60));
  });

  it('agrees with saxes on a synthetic history dump (entities, long tail of sizes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okapi-lifter-'));
    try {
      writeSyntheticDump(join(dir, 'd.xml'), { pages: 40, seed: 3 });
      const xml = readFileSync(join(dir, 'd.xml'), 'utf8');
      expectSameAsSaxes(xml, [997, 65536, xml.length]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decodeCharData', () => {
  it('returns undefined for whatever only an XML parser may judge', () => {
    for (const t of ['a\rb', '&nbsp;', '&#xD800;', '&#12', '&#x110000;', ']]>', '\uD800x', 'x\uDC00', '&#1a;'])
      expect(decodeCharData(t)).toBeUndefined();
  });
});

describe('geometryOf', () => {
  it('counts line feeds and the last line in code points', () => {
    expect(geometryOf('ab\ncd😀e')).toEqual({ lines: 1, lastLineColumns: 4 });
    expect(geometryOf('')).toEqual({ lines: 0, lastLineColumns: 0 });
  });
});
