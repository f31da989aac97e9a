import { aDecidedHistory, aRecordRevision } from '@okapi/testing';
import { articleReaderDecider, evolve, pageDecider } from './page.decider';
import { evolveWithoutScoring } from './page-evolve';
import { initialPageState, PageState } from './page.state';

describe('evolveWithoutScoring (articleReaderDecider)', () => {
  const history = aDecidedHistory([
    aRecordRevision({ revisionId: 1, text: 'An okapi is a mammal.', sha1: 'a' }),
    aRecordRevision({ revisionId: 2, parentId: 1, text: 'OKAPI OKAPI OKAPI', sha1: 'b' }),
    aRecordRevision({ revisionId: 3, parentId: 2, text: 'An okapi is a mammal.', sha1: 'a' }),
    aRecordRevision({ revisionId: 4, parentId: 3, text: 'An okapi is a mammal of Congo.', sha1: 'c' }),
  ]);

  it('folds the very states evolve does, except the scoring history only the decider reads', () => {
    expect(history.map((e) => e.type)).toContain('RevisionsReverted');
    let full: PageState = initialPageState();
    let reader: PageState = initialPageState();
    for (const e of history) {
      full = evolve(full, e);
      reader = evolveWithoutScoring(reader, e);
      expect({ ...reader, scoring: undefined }).toEqual({ ...full, scoring: undefined });
    }
    expect(full.scoring).toBeDefined();
    expect(reader.scoring).toBeUndefined();
  });

  it('is the reader decider: decides like the page decider, folds without scoring', () => {
    expect(articleReaderDecider.decide).toBe(pageDecider.decide);
    expect(articleReaderDecider.evolve).toBe(evolveWithoutScoring);
  });
});
