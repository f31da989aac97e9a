import { toConsoleRevision, toRates } from './console.rows';

describe('toRates', () => {
  it('fills every minute of the window, per wiki, with zeros where nothing happened', () => {
    const from = Date.parse('2026-11-26T10:00:00Z');
    const rates = toRates(
      [
        { wiki: 'enwiki', minute_ms: from + 60_000, edits: '5', flagged: 1 },
        { wiki: 'dewiki', minute_ms: from, edits: 2, flagged: 0 },
        { wiki: 'enwiki', minute_ms: from - 60_000, edits: 9, flagged: 9 },
      ],
      from,
      from + 3 * 60_000,
    );
    expect(rates.minutes).toEqual([from, from + 60_000, from + 120_000]);
    expect(rates.wikis).toEqual([
      { wiki: 'dewiki', edits: [2, 0, 0], flagged: [0, 0, 0] },
      { wiki: 'enwiki', edits: [0, 5, 0], flagged: [0, 1, 0] },
    ]);
  });
});

describe('toConsoleRevision', () => {
  it('maps a revisions row, with the revert that confirmed it', () => {
    const rev = toConsoleRevision({
      wiki: 'enwiki',
      namespace: 0,
      page_id: '24278',
      title: 'Pear',
      revision_id: 9,
      parent_id: 0,
      timestamp_ms: Date.parse('2026-11-26T10:00:00Z'),
      editor_name: '',
      editor_is_anonymous: 1,
      editor_is_bot: 0,
      comment: '',
      minor: 0,
      size: 10,
      delta: -500,
      score: 0.93,
      score_model: 'okapi-vandalism-v1',
      score_reasons: ['blanking'],
      flag: 'suspect',
      reverted: 1,
      reverted_by: 10,
      reverted_at: '2026-11-26 10:03:00',
      reverting: 0,
      restored_revision_id: 0,
      text_visible: 1,
      editor_visible: 0,
      comment_visible: 1,
    });
    expect(rev).toEqual({
      wiki: 'enwiki',
      namespace: 0,
      page_id: 24278,
      title: 'Pear',
      revision_id: 9,
      timestamp: '2026-11-26T10:00:00.000Z',
      editor: { is_anonymous: true, is_bot: false },
      is_minor_edit: false,
      size: 10,
      delta: -500,
      score: { probability: 0.93, model: 'okapi-vandalism-v1', reasons: ['blanking'] },
      flag: 'suspect',
      reverted_by: { revision_id: 10, timestamp: '2026-11-26T10:03:00Z' },
      visibility: { text: true, editor: false, comment: true },
    });
  });
});
