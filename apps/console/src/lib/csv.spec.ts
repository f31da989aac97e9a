import { columnsOf, parseNdjson, toCsv } from './csv';

describe('toCsv', () => {
  it('writes RFC 4180: header, CRLF, quotes doubled, arrays as JSON, absent cells empty', () => {
    const rows = parseNdjson(
      '{"wiki":"enwiki","title":"A \\"quoted\\", title","tags":["x","y"],"n":3}\n{"wiki":"dewiki","n":0}\n',
    );
    expect(columnsOf(rows)).toEqual(['wiki', 'title', 'tags', 'n']);
    expect(toCsv(columnsOf(rows), rows)).toBe(
      'wiki,title,tags,n\r\nenwiki,"A ""quoted"", title","[""x"",""y""]",3\r\ndewiki,,,0\r\n',
    );
  });

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    const rows = [{ a: '=HYPERLINK("x")', b: -12, c: '-3.5', d: '@cmd' }];
    expect(toCsv(['a', 'b', 'c', 'd'], rows)).toBe('a,b,c,d\r\n"\'=HYPERLINK(""x"")",-12,-3.5,\'@cmd\r\n');
  });

  it('keeps line breaks inside a quoted field', () => {
    expect(toCsv(['c'], [{ c: 'one\ntwo' }])).toBe('c\r\n"one\ntwo"\r\n');
  });
});
