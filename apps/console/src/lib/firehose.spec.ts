import { firehoseBody, NO_FILTERS, prepend, toItem } from './firehose';

describe('firehoseBody', () => {
  it('sends no filter for "all", and the realtime API filters otherwise', () => {
    expect(firehoseBody(NO_FILTERS, 120)).toEqual({ fields: expect.any(Array) as unknown, offset: '120' });
    expect(firehoseBody({ wiki: 'enwiki', namespace: '0', type: 'update', vandalism: 'only' })).toEqual({
      fields: expect.any(Array) as unknown,
      filters: [
        { field: 'is_part_of.identifier', value: 'enwiki' },
        { field: 'namespace.identifier', value: 0 },
        { field: 'event.type', value: 'update' },
      ],
      vandalism: 'only',
    });
  });
});

describe('toItem', () => {
  it('reads what a row shows from a WME Article', () => {
    const item = toItem('42', {
      name: 'Squirrel',
      identifier: 28492,
      is_part_of: { identifier: 'enwiki' },
      namespace: { identifier: 0 },
      date_modified: '2026-11-26T10:00:00Z',
      version: {
        identifier: 9,
        comment: 'rv',
        editor: { name: '203.0.113.7', is_anonymous: true },
        scores: { revertrisk: { prediction: true, probability: { true: 0.91, false: 0.09 } } },
      },
      event: { type: 'update', offset: 42 },
    });
    expect(item).toEqual({
      id: '42',
      offset: 42,
      type: 'update',
      wiki: 'enwiki',
      namespace: 0,
      name: 'Squirrel',
      revision: 9,
      editor: '203.0.113.7',
      editorKind: 'anonymous',
      comment: 'rv',
      probability: 0.91,
      suspect: true,
      time: '2026-11-26T10:00:00Z',
    });
  });
});

describe('prepend', () => {
  it('puts the newest first and keeps at most max', () => {
    expect(prepend([2, 1], [3, 4, 5], 4)).toEqual([5, 4, 3, 2]);
  });
});
