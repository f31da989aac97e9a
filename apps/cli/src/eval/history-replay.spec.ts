// @real-data
import { realDataPath } from '@okapi/testing';
import { replayHistory } from './history-replay';

jest.setTimeout(120_000);

const HISTORY = realDataPath('history', 'enwiki-Anarchism-history.xml.lzma');

describe('replayHistory (real Anarchism history)', () => {
  it('leaks no future into the features: a revision scores the same whether or not later ones were replayed', async () => {
    const longer = await replayHistory(HISTORY, { limit: 1500 });
    const shorter = await replayHistory(HISTORY, { limit: 1000 });
    expect(shorter.revisions).toHaveLength(1000);
    const same = shorter.revisions.filter((r, i) => {
      const l = longer.revisions[i];
      return (
        l.revisionId === r.revisionId && l.learned === r.learned && l.features.every((v, f) => v === r.features[f])
      );
    });
    expect(same).toHaveLength(1000);
    // The later revisions did see the earlier ones' reverts: the page's history is in the features.
    expect(longer.reverts.length).toBeGreaterThan(shorter.reverts.length);
  });
});
