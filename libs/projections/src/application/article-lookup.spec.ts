import type { CurrentArticleQuery, ReadModel } from '../ports/read-model.port';
import { ArticleJson, parseOnDemandRequest } from '../wme-query';
import type { ArticleHistory, HistoryPoint } from './article-history.port';
import { ArticleLookup, FILTER_SCAN_LIMIT, shapeCurrent } from './article-lookup';

/** An in-memory read model: live documents by title, newest first; `cached` answers peeks. */
class MemoryReadModel implements Pick<ReadModel, 'findCurrentByName' | 'peekCurrentByName'> {
  readonly asked: CurrentArticleQuery[] = [];
  cached = false;

  constructor(private readonly docs: readonly ArticleJson[]) {}

  findCurrentByName(q: CurrentArticleQuery): Promise<string[]> {
    this.asked.push(q);
    return Promise.resolve(this.answer(q));
  }

  peekCurrentByName(q: CurrentArticleQuery): string[] | undefined {
    return this.cached ? this.answer(q) : undefined;
  }

  private answer(q: CurrentArticleQuery): string[] {
    return this.docs
      .filter((d) => d.name === q.name && (!q.wikis || q.wikis.includes(wikiOf(d))))
      .slice(0, q.limit)
      .map((d) => JSON.stringify(d));
  }
}

/** Past versions by wiki and revision id. */
class MemoryHistory implements ArticleHistory {
  constructor(private readonly past: Record<string, ArticleJson>) {}

  asOf(current: ArticleJson, at: HistoryPoint): Promise<ArticleJson | undefined> {
    return Promise.resolve(this.past[`${wikiOf(current)}@${at.revision ?? at.asOf ?? ''}`]);
  }
}

const wikiOf = (d: ArticleJson): string => (d.is_part_of as { identifier: string }).identifier;
const article = (wiki: string, revision: number, type = 'update'): ArticleJson => ({
  name: 'Squirrel',
  identifier: 1,
  is_part_of: { identifier: wiki },
  version: { identifier: revision },
  event: { type },
});
const query = (params: Record<string, string> = {}) => parseOnDemandRequest('Squirrel', params, undefined);

function lookupOver(docs: readonly ArticleJson[], past: Record<string, ArticleJson> = {}) {
  const readModel = new MemoryReadModel(docs);
  const lookup = new ArticleLookup({ readModel, history: new MemoryHistory(past) });
  return { readModel, lookup };
}

describe('ArticleLookup (serve an article)', () => {
  const en = article('enwiki', 12);
  const de = article('dewiki', 7, 'create');

  it('serves stored documents as stored, at most `limit`, asking the read model for the maximum', async () => {
    const { readModel, lookup } = lookupOver([en, de]);
    expect(await lookup.find(query({ limit: '1' }))).toEqual([JSON.stringify(en)]);
    expect(readModel.asked).toEqual([{ name: 'Squirrel', wikis: undefined, namespace: undefined, limit: 10 }]);
  });

  it('narrows by wiki in the read model and filters the rest in memory from a wider scan', async () => {
    const { readModel, lookup } = lookupOver([en, de]);
    const q = query({ filters: '[{"field":"is_part_of.identifier","value":"dewiki"}]' });
    expect(await lookup.find(q)).toEqual([JSON.stringify(de)]);
    const byType = query({ filters: '[{"field":"event.type","value":"create"}]' });
    expect(await lookup.find(byType)).toEqual([JSON.stringify(de)]);
    expect(readModel.asked.map((a) => [a.wikis, a.limit])).toEqual([
      [['dewiki'], 10],
      [undefined, FILTER_SCAN_LIMIT],
    ]);
  });

  it('projects `fields` and answers nothing (not an error) when no document passes', async () => {
    const { lookup } = lookupOver([en]);
    expect(await lookup.find(query({ fields: 'version.identifier' }))).toEqual(['{"version":{"identifier":12}}']);
    expect(await lookup.find(query({ filters: '[{"field":"event.type","value":"delete"}]' }))).toEqual([]);
    expect(await lookupOver([]).lookup.find(query())).toEqual([]);
  });

  it('time travel asks the history port for each current document and leaves out pages that did not exist', async () => {
    const old = article('enwiki', 3);
    const { lookup } = lookupOver([en, de], { 'enwiki@3': old });
    expect(await lookup.matching(query({ revision: '3' }))).toEqual([old]);
  });

  it('answers from memory only when the read model holds the answer, never for time travel', () => {
    const { readModel, lookup } = lookupOver([en]);
    expect(lookup.peekCurrent(query())).toBeUndefined();
    readModel.cached = true;
    expect(lookup.peekCurrent(query())).toEqual([JSON.stringify(en)]);
    expect(lookup.peekCurrent(query({ revision: '3' }))).toBeUndefined();
  });

  it('presents stored documents through the port (HTML filled in) and times the read model when asked', async () => {
    const readModel = new MemoryReadModel([en]);
    const timed: string[] = [];
    const lookup = new ArticleLookup({
      readModel,
      history: new MemoryHistory({}),
      present: (stored) => stored.map((s) => s.replace('"update"', '"presented"')),
      timeReadModel: () => {
        timed.push('start');
        return () => timed.push('stop');
      },
    });
    expect(await lookup.current(query())).toEqual([JSON.stringify(en).replace('"update"', '"presented"')]);
    await lookup.current(query(), false);
    expect(timed).toEqual(['start', 'stop']);
  });

  it('shapeCurrent filters and projects current documents without the read model', () => {
    const docs = [JSON.stringify(en), JSON.stringify(de)];
    expect(shapeCurrent(docs, query({ fields: 'is_part_of.identifier', limit: '1' }))).toEqual([
      '{"is_part_of":{"identifier":"enwiki"}}',
    ]);
  });
});
