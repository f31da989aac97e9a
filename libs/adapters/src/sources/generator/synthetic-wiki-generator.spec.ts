import { must } from '@okapi/domain';
import { SYNTHETIC_PAGE_ID_BASE, SYNTHETIC_REVISION_ID_BASE, SyntheticWikiGenerator } from './synthetic-wiki-generator';

const run = (n: number, seed = 1) => {
  const g = new SyntheticWikiGenerator({ wikis: ['enwiki', 'dewiki'], seed, pagesPerWiki: 200 });
  return Array.from({ length: n }, () => g.next());
};

describe('SyntheticWikiGenerator', () => {
  it('is deterministic per seed', () => {
    expect(run(50).map((c) => c.event.revision.rev_sha1)).toEqual(run(50).map((c) => c.event.revision.rev_sha1));
    expect(run(50, 2).map((c) => c.event.revision.rev_sha1)).not.toEqual(run(50).map((c) => c.event.revision.rev_sha1));
  });

  it('page sizes look like Wikipedia: median a few KB, a long tail', () => {
    const sizes = run(3000)
      .filter((c) => c.event.page_change_kind === 'create')
      .map((c) => must(c.text, 'the text').length)
      .sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)];
    expect(median).toBeGreaterThan(2500);
    expect(median).toBeLessThan(6500);
    expect(sizes[Math.floor(sizes.length * 0.99)]).toBeGreaterThan(4 * median);
  });

  it('page sizes stay as they were created however long it runs (a soak measures the system, not text growth)', () => {
    const g = new SyntheticWikiGenerator({ wikis: ['enwiki'], seed: 1, pagesPerWiki: 100 });
    // ~200 edits per page: what 1,000 pages get in 17 minutes at 200 edits/s.
    const texts = Array.from({ length: 20_000 }, () => g.next().text?.length).filter((n) => n !== undefined);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const first = median(texts.slice(0, 2000));
    const last = median(texts.slice(-2000));
    // Compounded on the previous edit's size, the last median was the corpus cap (~256 KiB).
    expect(last / first).toBeGreaterThan(0.8);
    expect(last / first).toBeLessThan(1.25);
  });

  it('mixes namespaces, kinds, vandal-like edits and exact reverts', () => {
    const changes = run(4000);
    const kinds = new Set(changes.map((c) => c.event.page_change_kind));
    expect([...kinds].sort()).toEqual(['create', 'delete', 'edit', 'move', 'undelete', 'visibility_change']);
    expect(new Set(changes.map((c) => c.event.page.namespace_id)).size).toBeGreaterThan(4);
    const anon = changes.filter(
      (c) => c.event.page_change_kind === 'edit' && c.event.revision.editor?.user_id === undefined,
    );
    expect(anon.length).toBeGreaterThan(50);
    const reverts = changes.filter((c) => c.event.revision.comment === 'Undid vandalism');
    expect(reverts.length).toBeGreaterThan(20);
  });

  it('every create/edit carries text whose size and sha1 the event states', () => {
    for (const c of run(300).filter((x) => x.text !== undefined)) {
      expect(c.event.revision.rev_size).toBe(Buffer.byteLength(must(c.text, 'the text')));
      expect(c.event.revision.rev_sha1).toMatch(/^[0-9a-z]{31}$/);
    }
  });

  it('uses page and revision ids far above real wikis, so it never writes into a real page', () => {
    for (const c of run(300)) {
      expect(c.event.page.page_id).toBeGreaterThan(SYNTHETIC_PAGE_ID_BASE);
      expect(c.event.revision.rev_id).toBeGreaterThanOrEqual(SYNTHETIC_REVISION_ID_BASE);
      expect(Number.isSafeInteger(c.event.revision.rev_id)).toBe(true);
    }
  });
});
