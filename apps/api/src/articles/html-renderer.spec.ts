import { IN_THREAD_MAX_CHARS } from '@okapi/adapters/derivations';
import { renderHtml } from './html-renderer';

const CTX = { wiki: 'enwiki', title: 'T', namespace: 0 };

describe('renderHtml on the request thread', () => {
  it('renders wikitext up to the in-thread bound', () => {
    expect(renderHtml('Some [[link]].', CTX)).toContain('href="./link"');
  });

  it('leaves HTML absent past it: no deadline could stop a pathological text there', () => {
    expect(renderHtml(`Some [[link]]. ${'{|\n'.repeat(IN_THREAD_MAX_CHARS / 3 + 1)}`, CTX)).toBeUndefined();
  });
});
