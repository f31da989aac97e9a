import { given } from '../testing/projection-given';
import { deleted, moved, restored, revision, visibilityChanged } from '../testing/page-events';
import { ArticleRows } from './article-batch-plan';

const live = (name: string, version: number, revisionId: number) =>
  expect.objectContaining({ name, version, revision_id: revisionId, deleted: 0 }) as unknown;
const tombstone = (name: string, version: number, namespace = 0) =>
  expect.objectContaining({ name, namespace, version, deleted: 1 }) as unknown;

/** The document a view row names: `article_documents` by (wiki, page_id, version). */
const documentOf = (articles: ArticleRows, row: { wiki: string; page_id: number; version: number }) =>
  articles.documents.filter((d) => d.wiki === row.wiki && d.page_id === row.page_id && d.version === row.version);

describe('articles_current projection', () => {
  it('a new revision replaces the live row, versioned by its offset', () => {
    const { articles } = given(revision(1)).when(revision(2, { parentId: 1 }));
    expect(articles.current).toEqual([live('Okapi', 2, 2)]);
  });

  it('a live row names one stored document, the Article of its revision, which the hourly row shares', () => {
    const { articles } = given(revision(1)).when(revision(2, { parentId: 1 }));
    const [doc] = documentOf(articles, articles.current[0]);
    expect(documentOf(articles, articles.current[0])).toHaveLength(1);
    expect(doc.doc).toContain('"rev":2');
    expect(documentOf(articles, articles.hourly[0])).toEqual([doc]);
    expect(articles.documents).toHaveLength(1);
  });

  it('a tombstone names no document', () => {
    const { articles } = given(revision(1)).when(deleted());
    expect(articles.current).toEqual([tombstone('Okapi', 2)]);
    expect(articles.current[0]).not.toHaveProperty('doc');
    expect(articles.documents.map((d) => JSON.parse(d.doc) as unknown)).toEqual([
      expect.objectContaining({ deleted: true }),
    ]);
  });

  it('a move retires the old title and writes the page under the new one', () => {
    const { articles } = given(revision(1)).when(moved('Okapi', 'Okapia johnstoni'));
    expect(articles.current).toEqual([tombstone('Okapi', 2), live('Okapia johnstoni', 2, 1)]);
  });

  it('a move across namespaces retires the key in the old namespace', () => {
    const { articles } = given(revision(1)).when(moved('Okapi', 'Draft:Okapi', 118));
    expect(articles.current).toEqual([
      tombstone('Okapi', 2, 0),
      expect.objectContaining({ name: 'Draft:Okapi', namespace: 118, deleted: 0 }),
    ]);
  });

  it('a delete retires the row and writes no live one', () => {
    const { articles } = given(revision(1)).when(deleted());
    expect(articles.current).toEqual([tombstone('Okapi', 2)]);
  });

  it('a restore brings the page back above its tombstone', () => {
    const { articles } = given(revision(1), deleted()).when(restored());
    expect(articles.current).toEqual([live('Okapi', 3, 1)]);
  });

  it('delete then restore within one batch: tombstone at the delete, live row at the restore', () => {
    const { articles } = given(revision(1)).when(deleted(), restored());
    expect(articles.current).toEqual([tombstone('Okapi', 2), live('Okapi', 3, 1)]);
  });

  it('every title a page passes through in a batch is retired, so replays with other batch sizes converge', () => {
    const { articles } = given(revision(1)).when(moved('Okapi', 'B'), moved('B', 'C'));
    expect(articles.current).toEqual([tombstone('Okapi', 2), tombstone('B', 3), live('C', 3, 1)]);
  });

  it('an out-of-order older revision leaves the current article alone', () => {
    const { articles } = given(revision(5)).when(revision(3, { isLatest: false }));
    expect(articles.current).toEqual([]);
    expect(articles.hourly).toEqual([]);
  });

  it('a visibility change of the current revision rewrites the row', () => {
    const { articles } = given(revision(1)).when(visibilityChanged(1, { comment: false }));
    expect(articles.current).toEqual([live('Okapi', 2, 1)]);
  });

  it('a visibility change of an older revision does not touch the article', () => {
    const { articles } = given(revision(1), revision(2, { parentId: 1 })).when(visibilityChanged(1, { text: false }));
    expect(articles.current).toEqual([]);
  });

  it('builds one document per page per batch, for its final state', () => {
    const { articles } = given().when(revision(1), revision(2, { parentId: 1 }), revision(3, { parentId: 2 }));
    expect(articles.current).toEqual([live('Okapi', 3, 3)]);
    expect(articles.documentsBuilt).toBe(1);
  });

  describe('redirects (WME: an edit that makes a page a redirect ends the article)', () => {
    const redirect = (revisionId: number) =>
      revision(revisionId, { parentId: revisionId - 1, isRedirect: true, text: '#REDIRECT [[Okapia]]' });

    it('retires the row of an article that became a redirect, and writes no live one', () => {
      const { articles } = given(revision(1)).when(redirect(2));
      expect(articles.current).toEqual([tombstone('Okapi', 2)]);
    });

    it('a later article revision brings the row back above the tombstone', () => {
      const { articles } = given(revision(1), redirect(2)).when(revision(3, { parentId: 2 }));
      expect(articles.current).toEqual([live('Okapi', 3, 3)]);
    });

    it('within one batch: tombstone at the redirect, live row at the comeback', () => {
      const { articles } = given(revision(1)).when(redirect(2), revision(3, { parentId: 2 }));
      expect(articles.current).toEqual([tombstone('Okapi', 2), live('Okapi', 3, 3)]);
    });

    it('a page first seen as a redirect gets no row; editing the redirect writes nothing', () => {
      expect(given().when(redirect(5)).articles.current).toEqual([]);
      const { articles } = given(revision(1), redirect(2)).when(redirect(3));
      expect(articles).toEqual({ current: [], hourly: [], documents: [], documentsBuilt: 0 });
    });

    it('a redirect page that is moved or deleted leaves no row behind', () => {
      const { articles } = given(revision(1), redirect(2)).when(moved('Okapi', 'Okapia'), deleted('Okapia'));
      expect(articles.current).toEqual([]);
    });
  });
});
