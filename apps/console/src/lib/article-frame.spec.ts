import { articleDocument } from './article-frame';

describe('articleDocument', () => {
  it('puts an https base of the wiki first, so protocol-relative and relative links resolve', () => {
    const doc = articleDocument('<base href="//en.wikipedia.org/wiki/"><p>x</p>', 'A <b>', 'http://en.wikipedia.org');
    expect(doc.indexOf('<base href="https://en.wikipedia.org/wiki/" target="_blank">')).toBeLessThan(
      doc.indexOf('<p>x</p>'),
    );
    expect(doc).toContain('<title>A &#60;b&#62;</title>');
  });

  it('has no base href without a wiki url', () => {
    expect(articleDocument('<p>x</p>', 't')).toContain('<base target="_blank">');
  });
});
