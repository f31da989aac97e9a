import { wikiDomain } from '@okapi/domain';
import { namespaceOfTitle, wikiFromBase } from './dump-site-info';

describe('wikiFromBase', () => {
  it.each([
    ['http://en.wikipedia.org/wiki/Main_Page', 'enwiki'],
    ['https://de.wiktionary.org/wiki/Wiktionary:Hauptseite', 'dewiktionary'],
    ['https://commons.wikimedia.org/wiki/Main_Page', 'commonswiki'],
    ['https://www.wikidata.org/wiki/Wikidata:Main_Page', 'wikidatawiki'],
    ['https://be-tarask.wikipedia.org/wiki/', 'be_x_oldwiki'],
    ['https://zh-min-nan.wikipedia.org/wiki/', 'zh_min_nanwiki'],
  ])('%s -> %s (and back)', (base, wiki) => {
    expect(wikiFromBase(base)).toBe(wiki);
    expect(wikiDomain(wiki).domain).toBe(new URL(base).hostname);
  });

  it.each([undefined, '', 'not a url', 'http://wiki.example.org/Main', 'https://en.wikipedia.com/'])(
    'names no wiki for %p',
    (base) => expect(wikiFromBase(base)).toBeUndefined(),
  );
});

describe('namespaceOfTitle', () => {
  const site = {
    wiki: 'enwiki',
    schemaVersion: '0.4',
    namespaces: new Map([
      [0, ''],
      [1, 'Talk'],
      [4, 'Wikipedia'],
    ]),
  };
  it.each([
    ['Anarchism', 0],
    ['Talk:Anarchism', 1],
    ['Wikipedia:About', 4],
    ['Star Trek: Voyager', 0],
    [':Odd', 0],
  ])('%s is in namespace %d', (title, ns) => expect(namespaceOfTitle(title, site)).toBe(ns));
});
