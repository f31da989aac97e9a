import { given } from '../testing/projection-given';
import { deleted, moved, revision } from '../testing/page-events';
import { ArticleRows } from './article-batch-plan';

/** The Article an hourly row names in `article_documents`. */
const docOf = (articles: ArticleRows, at: number): unknown => {
  const row = articles.hourly[at];
  const [d] = articles.documents.filter(
    (x) => x.wiki === row.wiki && x.page_id === row.page_id && x.version === row.version,
  );
  return JSON.parse(d.doc);
};

describe('article_versions_hourly projection', () => {
  it('keeps the latest version of the page for each hour it changed in', () => {
    const { articles } = given().when(
      revision(1, { timestamp: '2024-05-01T12:10:00Z' }),
      revision(2, { parentId: 1, timestamp: '2024-05-01T12:50:00Z' }),
      revision(3, { parentId: 2, timestamp: '2024-05-01T13:05:00Z' }),
    );
    expect(articles.hourly).toEqual([
      expect.objectContaining({ hour: '2024-05-01 12:00:00', revision_id: 2, version: 2 }),
      expect.objectContaining({ hour: '2024-05-01 13:00:00', revision_id: 3, version: 3 }),
    ]);
    expect(articles.documentsBuilt).toBe(2);
    expect(articles.documents.map((d) => d.version)).toEqual([3, 2]);
  });

  it('includes pages deleted in that hour, with the delete document', () => {
    const { articles } = given(revision(1)).when(deleted('Okapi', '2024-05-01T14:30:00Z'));
    expect(articles.hourly).toEqual([
      expect.objectContaining({ hour: '2024-05-01 14:00:00', event_type: 'delete', page_id: 1 }),
    ]);
    expect(docOf(articles, 0)).toMatchObject({ deleted: true });
  });

  it('files a moved page under its new name', () => {
    const { articles } = given(revision(1)).when(moved('Okapi', 'Okapia', 0, '2024-05-01T13:00:00Z'));
    expect(articles.hourly).toEqual([expect.objectContaining({ hour: '2024-05-01 13:00:00', name: 'Okapia' })]);
  });

  it('records a delete in the hour an article became a redirect; the comeback is a create', () => {
    const redirect = revision(2, { parentId: 1, isRedirect: true, timestamp: '2024-05-01T13:10:00Z' });
    const comeback = revision(3, { parentId: 2, timestamp: '2024-05-01T14:10:00Z' });
    const { articles } = given(revision(1)).when(redirect, comeback);
    expect(articles.hourly).toEqual([
      expect.objectContaining({ hour: '2024-05-01 13:00:00', revision_id: 2, event_type: 'delete', version: 2 }),
      expect.objectContaining({ hour: '2024-05-01 14:00:00', revision_id: 3, event_type: 'create', version: 3 }),
    ]);
    expect(docOf(articles, 0)).toMatchObject({ deleted: true, name: 'Okapi' });
  });

  it("a redirect edit later in the same hour does not hide that hour's delete", () => {
    const { articles } = given(revision(1)).when(
      revision(2, { parentId: 1, isRedirect: true, timestamp: '2024-05-01T13:10:00Z' }),
      revision(3, { parentId: 2, isRedirect: true, timestamp: '2024-05-01T13:20:00Z' }),
    );
    expect(articles.hourly).toEqual([expect.objectContaining({ revision_id: 2, event_type: 'delete', version: 2 })]);
  });
});
